// Tabs say where you are: the workspace's name on every page inside it, the record's on a record
// page; a 404 is titled as one (not "Employee"), and has a way back; someone who may not see a
// workspace does not learn its name from the title either.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { hashPassword } from "@/lib/auth/password";
import { asTenant, createTenants, uniqueSlug } from "../support/env";
import { request } from "../support/http";
import { sessionCookie } from "../support/session";

const PASSWORD = "titles-password";
const email = `owner-${Date.now().toString(36)}@titles.test`;
let tenants: Awaited<ReturnType<typeof createTenants>>;
let host: string;
let otherHost: string;
let cookie: string;
let employee: string;

const title = (html: string) => html.match(/<title>([^<]*)<\/title>/)?.[1];

before(async () => {
  const slugs = [uniqueSlug("titles"), uniqueSlug("titles-other")];
  [host, otherHost] = slugs.map((s) => `${s}.localhost`);
  tenants = await createTenants(slugs);
  await tenants.admin.query("UPDATE tenants SET name = 'Titled Works' WHERE id = $1", [tenants.ids[0]]);
  await tenants.admin.query("UPDATE tenants SET name = 'Secret Other' WHERE id = $1", [tenants.ids[1]]);
  const user = await tenants.admin.query("INSERT INTO users (email, name, password_hash) VALUES ($1, 'Tia', $2) RETURNING id", [email, await hashPassword(PASSWORD)]);
  employee = await asTenant(tenants.admin, tenants.ids[0], async () => {
    await tenants.admin.query("INSERT INTO memberships (user_id, role) VALUES ($1, 'member')", [user.rows[0].id]);
    return (await tenants.admin.query("INSERT INTO employees (name, email, title, department) VALUES ('Nia Named', 'nia@titles.test', '', '') RETURNING id")).rows[0].id;
  });
  cookie = await sessionCookie(host, email, PASSWORD);
});

after(async () => {
  await tenants.admin.query("DELETE FROM users WHERE email = $1", [email]);
  await tenants.cleanup();
});

test("pages inside a workspace are titled with it, record pages with the record", async () => {
  const get = async (path: string) => title((await request(host, path, { headers: { cookie } })).body);
  assert.equal(await get("/"), "Titled Works");
  assert.equal(await get("/settings"), "Settings · Titled Works");
  assert.equal(await get(`/employees/${employee}`), "Nia Named · Titled Works");
  assert.equal(await get("/members"), "Not allowed · Titled Works"); // a member's 403
});

test("a missing record is titled as not found and links back to the dashboard", async () => {
  const res = await request(host, "/employees/00000000-0000-4000-8000-000000000000", { headers: { cookie } });
  assert.equal(res.status, 404);
  assert.match(title(res.body) ?? "", /^Not found/);
  // (A 404 is rendered from the flight data, so the link is read there.)
  assert.match(res.body, /\\"href\\":\\"\/\\",[^}]*"children\\":\\"← Back to the dashboard/);
});

test("a workspace the caller may not see: its name is nowhere, and the 404 links to the product's home", async () => {
  const res = await request(otherHost, "/settings", { headers: { cookie } });
  assert.equal(res.status, 404);
  assert.doesNotMatch(res.body, /Secret Other/);
  assert.match(res.body, /Workspace not found/);
  assert.match(res.body, /\\"href\\":\\"http:\/\/localhost:\d+\/\\",[^}]*"children\\":\\"← Tenantry home/);
});
