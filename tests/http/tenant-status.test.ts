// A suspended workspace can be read but not changed; a closed one is gone (410 for its API).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { hashPassword } from "@/lib/auth/password";
import { createTenants, uniqueSlug } from "../support/env";
import { request } from "../support/http";
import { sessionCookie } from "../support/session";

const PASSWORD = "status-test-password";
const email = `owner-${Date.now()}@status.test`;
let tenants: Awaited<ReturnType<typeof createTenants>>;
let suspended: string, closed: string;

before(async () => {
  [suspended, closed] = [uniqueSlug("susp"), uniqueSlug("closed")];
  tenants = await createTenants([suspended, closed]);
  const { rows } = await tenants.admin.query("INSERT INTO users (email, name, password_hash) VALUES ($1, 'Owner', $2) RETURNING id", [email, await hashPassword(PASSWORD)]);
  await tenants.admin.query("INSERT INTO memberships (tenant_id, user_id, role) SELECT unnest($1::uuid[]), $2, 'owner'", [tenants.ids, rows[0].id]);
  await tenants.admin.query("UPDATE tenants SET status = 'suspended' WHERE slug = $1", [suspended]);
  await tenants.admin.query("UPDATE tenants SET status = 'inactive' WHERE slug = $1", [closed]);
});

after(async () => {
  await tenants.admin.query("DELETE FROM users WHERE email = $1", [email]);
  await tenants.cleanup();
});

test("a suspended workspace: reads work, writes get 403 tenant_suspended, pages show a banner", async () => {
  const host = `${suspended}.localhost`;
  const cookie = await sessionCookie(host, email, PASSWORD);
  assert.equal((await request(host, "/api/projects", { headers: { cookie } })).status, 200);
  const write = await request(host, "/api/projects", {
    method: "POST",
    headers: { cookie, "content-type": "application/json" },
    body: JSON.stringify({ name: "Not now" }),
  });
  assert.equal(write.status, 403);
  assert.equal(write.json().error.code, "tenant_suspended");
  assert.equal((await tenants.admin.query("SELECT count(*)::int AS n FROM projects WHERE tenant_id = $1", [tenants.ids[0]])).rows[0].n, 0);
  const page = await request(host, "/", { headers: { cookie } });
  assert.equal(page.status, 200);
  assert.match(page.body, /This workspace is suspended/);
  assert.doesNotMatch(page.body, /New project name/);
});

test("a closed workspace: its API answers 410 and its pages are gone", async () => {
  const host = `${closed}.localhost`;
  const api = await request(host, "/api/employees");
  assert.equal(api.status, 410);
  assert.equal(api.json().error.code, "tenant_inactive");
  const page = await request(host, "/");
  assert.equal(page.status, 404);
  assert.match(page.body, /Workspace closed/);
});
