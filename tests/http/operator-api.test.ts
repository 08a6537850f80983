// Provisioning for operators: POST /api/operator/tenants (off unless TENANTRY_OPERATOR_TOKEN is
// set, 401 without the token) and `tenantry tenants create --plan --demo-data` make a workspace,
// its owner, its plan and demo data in one transaction, recorded as the operator's doing; bad
// input is a 400 naming the field, and nothing is half made.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { connect, adminUrl, uniqueSlug } from "../support/env";
import { request } from "../support/http";
import { startSecondInstance } from "../support/second-instance";
import { signInOverHttp } from "../support/session";
import { tenantry } from "../support/tenantry-cli";
import type pg from "pg";

const TOKEN = `operator-token-${"x".repeat(32)}`;
let admin: pg.Client;
let second: Awaited<ReturnType<typeof startSecondInstance>>;
const slugs = [uniqueSlug("provisioned"), uniqueSlug("cli-provisioned"), uniqueSlug("half")];
const emails = slugs.map((s) => `owner@${s}.test`);

/** On the instance started with the token, or with `onTestServer` on the one `npm test` serves (none configured). */
const provision = (body: unknown, token: string | null = TOKEN, { onTestServer = false } = {}) =>
  request("localhost", "/api/operator/tenants", {
    method: "POST",
    ...(onTestServer ? {} : { port: second.port }),
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
const counts = async (slug: string) =>
  (
    await admin.query(
      `SELECT t.plan, (SELECT count(*)::int FROM projects WHERE tenant_id = t.id) AS projects, (SELECT count(*)::int FROM employees WHERE tenant_id = t.id) AS employees,
              (SELECT count(*)::int FROM memberships WHERE tenant_id = t.id AND role = 'owner') AS owners
       FROM tenants t WHERE slug = $1`,
      [slug],
    )
  ).rows[0];

before(async () => {
  admin = await connect(adminUrl());
  second = await startSecondInstance(3, { TENANTRY_OPERATOR_TOKEN: TOKEN });
});

after(async () => {
  await second.stop();
  await admin.query("DELETE FROM tenants WHERE slug = ANY($1)", [slugs]);
  await admin.query("DELETE FROM users WHERE email = ANY($1)", [emails]);
  await admin.end();
});

test("off unless a token is configured (404), and 401 without the right token", async () => {
  const body = { slug: slugs[2], name: "Half", owner: { email: emails[2], name: "Hal" } };
  const off = await provision(body, TOKEN, { onTestServer: true });
  assert.equal(off.status, 404);
  assert.equal((await provision(body, null)).status, 401);
  assert.equal((await provision(body, `${TOKEN}-not`)).status, 401);
  assert.equal(await counts(slugs[2]), undefined, "nothing made");
});

test("provisions a workspace with its owner, plan and demo data in one go; the owner signs in with the password answered once", async () => {
  const res = await provision({ slug: slugs[0], name: "Provisioned Inc", owner: { email: emails[0], name: "Pat Owner" }, plan: "pro", demoData: true });
  assert.equal(res.status, 201, res.body);
  const created = res.json();
  assert.equal(created.tenant.slug, slugs[0]);
  assert.equal(created.owner.created, true);
  assert.equal(typeof created.owner.password, "string");
  assert.deepEqual(await counts(slugs[0]), { plan: "pro", projects: 3, employees: 6, owners: 1 });
  const events = await admin.query("SELECT type, actor_kind, actor_name FROM events WHERE tenant_id = $1 ORDER BY id", [created.tenant.id]);
  assert.deepEqual(events.rows[0], { type: "tenant.created", actor_kind: "operator", actor_name: "operator API" });
  const signIn = await signInOverHttp(`${slugs[0]}.localhost`, emails[0], created.owner.password);
  assert.ok(signIn.cookie, "the owner can sign in");
  // The address is now taken: a clear 400, nothing made twice.
  const again = await provision({ slug: slugs[0], name: "Again", owner: { email: "someone@else.test", name: "S" } });
  assert.equal(again.status, 400);
  assert.deepEqual(again.json().error.fields, { slug: ["That address is taken (or a deleted workspace had it)."] });
});

test("bad input: 400 naming each field; an unknown plan; nothing is made", async () => {
  const bad = await provision({ slug: "X", name: "", owner: { email: "not-an-email" }, extra: 1 });
  assert.equal(bad.status, 400);
  assert.deepEqual(Object.keys(bad.json().error.fields).sort(), ["extra", "name", "owner.email", "owner.name", "slug"].sort());
  const plan = await provision({ slug: slugs[2], name: "Half", owner: { email: emails[2], name: "Hal" }, plan: "platinum" });
  assert.equal(plan.status, 400);
  assert.deepEqual(plan.json().error.fields, { plan: ["One of: free, pro, enterprise."] });
  assert.equal(await counts(slugs[2]), undefined);
});

test("tenantry tenants create --plan --demo-data does the same from the command line", async () => {
  const made = await tenantry(["tenants", "create", slugs[1], "--name", "CLI Inc", "--owner-email", emails[1], "--owner-name", "Cly", "--plan", "enterprise", "--demo-data", "--json"]);
  assert.equal(made.code, 0, made.stderr);
  assert.deepEqual(await counts(slugs[1]), { plan: "enterprise", projects: 3, employees: 6, owners: 1 });
  const unknown = await tenantry(["tenants", "create", slugs[2], "--name", "X", "--owner-email", emails[2], "--owner-name", "X", "--plan", "gold"]);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /No plan is called gold/);
});
