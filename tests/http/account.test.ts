// /account: a person's own name, password and workspaces. Changing the password needs the current
// one and ends every other session (this one stays); the page lists each workspace with the role
// held there; without a session it sends to sign-in and back.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { hashPassword } from "@/lib/auth/password";
import { env } from "@/lib/env";
import { callAction } from "../support/actions";
import { asTenant, createTenants, uniqueSlug } from "../support/env";
import { request } from "../support/http";
import { sessionCookie, signInOverHttp } from "../support/session";

const OLD = "account-password";
const NEW = "account-password-renewed";
const stamp = Date.now().toString(36);
const email = `account-${stamp}@account.test`;
const FILE = "app/_actions/account.ts";

let tenants: Awaited<ReturnType<typeof createTenants>>;
let hosts: string[];

before(async () => {
  const slugs = [uniqueSlug("account-a"), uniqueSlug("account-b")];
  hosts = slugs.map((s) => `${s}.localhost`);
  tenants = await createTenants(slugs);
  const user = await tenants.admin.query<{ id: string }>("INSERT INTO users (email, name, password_hash) VALUES ($1, 'Ann Account', $2) RETURNING id", [email, await hashPassword(OLD)]);
  await asTenant(tenants.admin, tenants.ids[0], () => tenants.admin.query("INSERT INTO memberships (user_id, role) VALUES ($1, 'owner')", [user.rows[0].id]));
  await asTenant(tenants.admin, tenants.ids[1], () => tenants.admin.query("INSERT INTO memberships (user_id, role) VALUES ($1, 'viewer')", [user.rows[0].id]));
});

after(async () => {
  await tenants.admin.query("DELETE FROM users WHERE email = $1", [email]);
  await tenants.cleanup();
});

test("without a session, /account sends to sign-in and back", async () => {
  const res = await request(hosts[0], "/account");
  assert.equal(res.status, 307);
  assert.equal(res.headers.location, "/sign-in?next=%2Faccount");
});

test("the page lists every workspace with the role held there, and offers to leave this one", async () => {
  const cookie = await sessionCookie(hosts[0], email, OLD);
  const page = await request(hosts[0], "/account", { headers: { cookie } });
  assert.equal(page.status, 200);
  const rows = [...page.body.matchAll(/data-testid="account-workspace".*?<\/li>/g)].map((m) => m[0]);
  assert.equal(rows.length, 2);
  assert.ok(rows.some((r) => r.includes(`//${hosts[0]}:`) && r.includes(">owner<")), rows.join("\n"));
  assert.ok(rows.some((r) => r.includes(`//${hosts[1]}:`) && r.includes(">viewer<")), rows.join("\n"));
  assert.match(page.body, /Leave Account-A-/i);
});

test("a new name shows at once; an empty or over-long name is a field error", async () => {
  const cookie = await sessionCookie(hosts[0], email, OLD);
  assert.deepEqual((await callAction(hosts[0], "/account", FILE, "renameAccountAction", { name: "  " }, cookie)).state?.fields?.name, ["Enter your name."]);
  assert.deepEqual((await callAction(hosts[0], "/account", FILE, "renameAccountAction", { name: "x".repeat(121) }, cookie)).state?.fields?.name, ["At most 120 characters."]);
  const renamed = await callAction(hosts[0], "/account", FILE, "renameAccountAction", { name: "Ann Renamed" }, cookie);
  assert.equal(renamed.state?.ok, true, JSON.stringify(renamed.state));
  assert.match((await request(hosts[0], "/account", { headers: { cookie } })).body, /value="Ann Renamed"/);
  const { rows } = await tenants.admin.query("SELECT name FROM users WHERE email = $1", [email]);
  assert.equal(rows[0].name, "Ann Renamed");
});

test("a password change needs the current password, then ends every other session and keeps this one", async () => {
  const here = await sessionCookie(hosts[0], email, OLD);
  const elsewhere = await sessionCookie(hosts[1], email, OLD);
  const wrong = await callAction(hosts[0], "/account", FILE, "changePasswordAction", { current: "not-my-password", password: NEW }, here);
  assert.deepEqual(wrong.state?.fields?.current, ["That is not your current password."]);
  const weak = await callAction(hosts[0], "/account", FILE, "changePasswordAction", { current: OLD, password: "short" }, here);
  assert.deepEqual(weak.state?.fields?.password, ["At least 10 characters."]);
  const changed = await callAction(hosts[0], "/account", FILE, "changePasswordAction", { current: OLD, password: NEW }, here);
  assert.equal(changed.state?.ok, true, JSON.stringify(changed.state));
  await new Promise((r) => setTimeout(r, env().TENANTRY_TENANT_CACHE_MS + 300));
  assert.equal((await request(hosts[0], "/api/employees?limit=1", { headers: { cookie: here } })).status, 200, "this session ended");
  assert.equal((await request(hosts[1], "/api/employees?limit=1", { headers: { cookie: elsewhere } })).status, 401, "another session survived");
  assert.equal((await signInOverHttp(hosts[0], email, OLD)).cookie, null);
  assert.ok((await signInOverHttp(hosts[0], email, NEW)).cookie);
});
