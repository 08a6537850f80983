// `tenantry tenants …` as an operator runs it: create a workspace with its owner, list and show
// it, take it through suspend, resume and close, with the operator's name and reason in its audit
// trail; refusals (no such workspace, a transition its status does not allow, a bad address)
// exit 1 with the reason and change nothing.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import pg from "pg";
import { adminUrl, connect, uniqueSlug } from "../support/env";
import { tenantry } from "../support/tenantry-cli";

const slug = uniqueSlug("cli");
const secondSlug = uniqueSlug("cli");
const email = `owner@${slug}.test`;
let admin: pg.Client;

before(async () => {
  admin = await connect(adminUrl());
});

after(async () => {
  await admin.query("DELETE FROM tenants WHERE slug = ANY($1)", [[slug, secondSlug]]);
  await admin.query("DELETE FROM users WHERE email = $1", [email]);
  await admin.end();
});

const events = async () =>
  (
    await admin.query(
      "SELECT e.type, e.actor_kind AS kind, e.actor_name AS name, e.payload->>'reason' AS reason FROM events e JOIN tenants t ON t.id = e.tenant_id WHERE t.slug = $1 ORDER BY e.id",
      [slug],
    )
  ).rows;

test("create: the workspace and its owner in one transaction, the owner's first password printed once", async () => {
  const created = await tenantry(["tenants", "create", slug, "--name", "Cli Co", "--owner-email", email, "--owner-name", "Olive Owner", "--as", "Sam Support", "--json"]);
  assert.equal(created.code, 0, created.stderr);
  const out = JSON.parse(created.stdout);
  assert.equal(out.slug, slug);
  assert.match(out.ownerPassword, /^[\w-]{16}$/);
  const { rows } = await admin.query("SELECT m.role FROM directory.memberships m JOIN users u ON u.id = m.user_id WHERE u.email = $1 AND m.tenant_id = $2", [email, out.tenantId]);
  assert.deepEqual(rows, [{ role: "owner" }]);
  assert.deepEqual(await events(), [
    { type: "tenant.created", kind: "operator", name: "Sam Support", reason: null },
    { type: "membership.created", kind: "operator", name: "Sam Support", reason: null },
  ]);
  const again = await tenantry(["tenants", "create", slug, "--name", "Again", "--owner-email", `other@${slug}.test`, "--owner-name", "X"]);
  assert.equal(again.code, 1);
  assert.match(again.stderr, new RegExp(`The address ${slug} is taken\\.`));
  assert.equal((await admin.query("SELECT count(*)::int AS n FROM users WHERE email = $1", [`other@${slug}.test`])).rows[0].n, 0, "nothing of a refused create is kept");
});

test("create with an existing account as owner: it joins as it is, no new password", async () => {
  const second = await tenantry(["tenants", "create", secondSlug, "--name", "Second Co", "--owner-email", email.toUpperCase(), "--owner-name", "Ignored"]);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stdout, new RegExp(`the owner is the existing account ${email.replace(/\./g, "\\.")}`));
  assert.doesNotMatch(second.stdout, /password/);
  const { rows } = await admin.query("SELECT t.slug FROM directory.memberships m JOIN users u ON u.id = m.user_id JOIN tenants t ON t.id = m.tenant_id WHERE u.email = $1 ORDER BY 1", [email]);
  assert.deepEqual(rows.map((r) => r.slug).sort(), [slug, secondSlug].sort());
});

test("list and show: human and JSON", async () => {
  const list = await tenantry(["tenants", "list"]);
  assert.equal(list.code, 0);
  assert.match(list.stdout, /^slug +name +status +plan +placement +members +created$/m);
  assert.match(list.stdout, new RegExp(`^${slug} +Cli Co +active +free +shared +1 `, "m"));
  const show = JSON.parse((await tenantry(["tenants", "show", slug, "--json"])).stdout);
  assert.equal(show.status, "active");
  assert.equal(show.members, 1);
});

test("suspend, resume and close, each recorded with the operator and reason; a transition the status does not allow exits 1", async () => {
  const suspend = await tenantry(["tenants", "suspend", slug, "--reason", "unpaid invoice", "--as", "Sam Support"]);
  assert.equal(suspend.code, 0, suspend.stderr);
  assert.equal(suspend.stdout.trim(), `${slug} is now suspended`);
  const twice = await tenantry(["tenants", "suspend", slug]);
  assert.equal(twice.code, 1);
  assert.match(twice.stderr, /A workspace that is suspended cannot be suspended\./);
  assert.equal((await tenantry(["tenants", "resume", slug, "--as", "Sam Support"])).code, 0);
  assert.equal((await tenantry(["tenants", "close", slug, "--reason", "contract ended", "--as", "Sam Support"])).code, 0);
  const resumeClosed = await tenantry(["tenants", "resume", slug]);
  assert.equal(resumeClosed.code, 1);
  assert.match(resumeClosed.stderr, /A workspace that is closed cannot be resumed\./);
  assert.deepEqual((await events()).slice(2), [
    { type: "tenant.suspended", kind: "operator", name: "Sam Support", reason: "unpaid invoice" },
    { type: "tenant.resumed", kind: "operator", name: "Sam Support", reason: null },
    { type: "tenant.closed", kind: "operator", name: "Sam Support", reason: "contract ended" },
  ]);
  const inactive = await tenantry(["tenants", "list", "--status", "inactive", "--json"]);
  assert.ok(JSON.parse(inactive.stdout).some((t: { slug: string }) => t.slug === slug));
});

test("no such workspace, or a bad address: exit 1 with the reason", async () => {
  const missing = await tenantry(["tenants", "suspend", "no-such-workspace-here"]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /No workspace is called no-such-workspace-here\./);
  const bad = await tenantry(["tenants", "create", "Not A Slug", "--name", "x", "--owner-email", "x@y.test", "--owner-name", "x"]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /A workspace address is 3–40 lowercase letters/);
  const help = await tenantry(["tenants", "suspend", "--help"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--reason <text>/);
});

test("migrate: every tenant database up to date, a failing one reported with exit 1; seed is idempotent", async () => {
  const ok = await tenantry(["migrate", "--json"]);
  assert.equal(ok.code, 0, ok.stderr);
  // The shared database first, then any dedicated ones other tests left: all current, each timed.
  const results: { database: string; ok: boolean; applied: string[]; ms: number }[] = JSON.parse(ok.stdout);
  assert.equal(results[0].database, "shared");
  for (const r of results) {
    assert.deepEqual({ ...r, ms: 0 }, { database: r.database, ok: true, applied: [], ms: 0 });
    assert.ok(Number.isInteger(r.ms) && r.ms >= 0);
  }
  const wrong = Object.assign(new URL(adminUrl()), { password: "not-the-password" }).toString();
  const failed = await tenantry(["migrate", "--json"], { DATABASE_ADMIN_URL: wrong });
  assert.equal(failed.code, 1);
  const [result] = JSON.parse(failed.stdout);
  assert.equal(result.ok, false);
  assert.match(result.error, /password authentication failed/);
  const seeded = await tenantry(["seed"]);
  assert.equal(seeded.code, 0, seeded.stderr);
  assert.match(seeded.stdout, /seeded acme \(Acme Corp\)/);
});

test("audit: the workspace's log newest first, filtered like the audit page; bad filters exit 1", async () => {
  const all = JSON.parse((await tenantry(["audit", slug, "--json"])).stdout);
  assert.deepEqual(all.slice(0, 2).map((e: { type: string }) => e.type), ["tenant.closed", "tenant.resumed"]);
  const suspended = JSON.parse((await tenantry(["audit", slug, "--type", "tenant.suspended", "--json"])).stdout);
  assert.deepEqual(suspended.map((e: { text: string }) => e.text), ["Sam Support (operator) suspended the workspace"]);
  assert.equal(JSON.parse((await tenantry(["audit", slug, "--actor", "sam sup", "--json"])).stdout).length, all.length);
  assert.deepEqual(JSON.parse((await tenantry(["audit", slug, "--actor", "%", "--json"])).stdout), [], "% is a character, not a wildcard");
  for (const [flag, value, reason] of [["--type", "tenant.vanished", /--type: Not an audited event type/], ["--since", "2026-13-45", /--since: A date/], ["--actor", "a\u0001b", /--actor: No control characters/], ["--limit", "0", /--limit is a whole number/]] as const) {
    const bad = await tenantry(["audit", slug, flag, value]);
    assert.equal(bad.code, 1, `${flag} ${value}`);
    assert.match(bad.stderr, reason);
  }
});
