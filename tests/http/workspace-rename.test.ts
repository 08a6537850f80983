// An owner renames the workspace from Settings: every page shows the new name at once (every
// instance drops its directory cache at commit), the change is audited, an admin may not, a bad
// name is a field error, and the address stays.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { hashPassword } from "@/lib/auth/password";
import { callAction } from "../support/actions";
import { asTenant, createTenants, uniqueSlug } from "../support/env";
import { request } from "../support/http";
import { sessionCookie } from "../support/session";

const PASSWORD = "rename-password";
const stamp = Date.now().toString(36);
const emails = { owner: `owner-${stamp}@rename.test`, admin: `admin-${stamp}@rename.test` };
const ACTION = ["app/_actions/workspace-settings.ts", "renameWorkspaceAction"] as const;
let tenants: Awaited<ReturnType<typeof createTenants>>;
let host: string;
const cookies = {} as Record<"owner" | "admin", string>;

const name = async () => (await tenants.admin.query("SELECT name FROM tenants WHERE id = $1", [tenants.ids[0]])).rows[0].name;

before(async () => {
  const slug = uniqueSlug("rename");
  host = `${slug}.localhost`;
  tenants = await createTenants([slug]);
  const hash = await hashPassword(PASSWORD);
  const users = await tenants.admin.query<{ id: string }>("INSERT INTO users (email, name, password_hash) VALUES ($1, 'Rita Owner', $3), ($2, 'Abe Admin', $3) RETURNING id", [emails.owner, emails.admin, hash]);
  await asTenant(tenants.admin, tenants.ids[0], () => tenants.admin.query("INSERT INTO memberships (user_id, role) VALUES ($1, 'owner'), ($2, 'admin')", [users.rows[0].id, users.rows[1].id]));
  cookies.owner = await sessionCookie(host, emails.owner, PASSWORD);
  cookies.admin = await sessionCookie(host, emails.admin, PASSWORD);
});

after(async () => {
  await tenants.admin.query("DELETE FROM users WHERE email = ANY($1)", [Object.values(emails)]);
  await tenants.cleanup();
});

test("the owner renames the workspace: the dashboard shows it at once, the event says from what to what, the address stays", async () => {
  const before = await name();
  const result = await callAction(host, "/settings", ...ACTION, { name: "  Renamed Works  " }, cookies.owner);
  assert.equal(result.state?.ok, true, JSON.stringify(result.state));
  assert.equal(await name(), "Renamed Works");
  const page = await request(host, "/", { headers: { cookie: cookies.owner } });
  assert.match(page.body, /<title>Renamed Works<\/title>/);
  const { rows } = await tenants.admin.query("SELECT actor_name, payload FROM events WHERE tenant_id = $1 AND type = 'tenant.renamed'", [tenants.ids[0]]);
  assert.deepEqual(rows, [{ actor_name: "Rita Owner", payload: { from: before, to: "Renamed Works" } }]);
});

test("an admin may not rename; an empty or over-long name is a field error; nothing changes", async () => {
  assert.equal((await callAction(host, "/settings", ...ACTION, { name: "Admin's Name" }, cookies.admin)).state?.code, "forbidden");
  assert.deepEqual((await callAction(host, "/settings", ...ACTION, { name: "   " }, cookies.owner)).state?.fields?.name, ["Give the workspace a name."]);
  assert.deepEqual((await callAction(host, "/settings", ...ACTION, { name: "x".repeat(121) }, cookies.owner)).state?.fields?.name, ["At most 120 characters."]);
  assert.equal(await name(), "Renamed Works");
});
