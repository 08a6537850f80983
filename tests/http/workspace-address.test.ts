// An owner moves the workspace to a new address from Settings. The old address answers a
// permanent redirect (method and body kept) to the same request at the new one for the grace
// period, and no other workspace can take it meanwhile; after that it names nothing. A taken,
// reserved or malformed address is a field error, an admin may not, and the move is audited.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { hashPassword } from "@/lib/auth/password";
import { env } from "@/lib/env";
import { callAction } from "../support/actions";
import { asTenant, createTenants, uniqueSlug } from "../support/env";
import { request } from "../support/http";
import { sessionCookie } from "../support/session";

const PASSWORD = "address-password";
const stamp = Date.now().toString(36);
const emails = { owner: `owner-${stamp}@address.test`, admin: `admin-${stamp}@address.test`, other: `other-${stamp}@address.test` };
const ACTION = ["app/_actions/workspace-settings.ts", "changeAddressAction"] as const;
const port = env().TENANTRY_TEST_PORT;
let tenants: Awaited<ReturnType<typeof createTenants>>;
const slugs = { first: uniqueSlug("addr"), next: uniqueSlug("moved"), other: uniqueSlug("addr-other") };
const cookies = {} as Record<"owner" | "admin" | "other", string>;

const slugOf = async (id: string) => (await tenants.admin.query("SELECT slug FROM tenants WHERE id = $1", [id])).rows[0].slug;
// What every app instance hears when the directory changes: their caches start afresh.
const forgetCaches = (id: string) => tenants.admin.query("SELECT pg_notify('tenantry_directory', $1)", [id]);

before(async () => {
  tenants = await createTenants([slugs.first, slugs.other]);
  const hash = await hashPassword(PASSWORD);
  const users = await tenants.admin.query<{ id: string }>(
    "INSERT INTO users (email, name, password_hash) VALUES ($1, 'Ada Owner', $4), ($2, 'Abe Admin', $4), ($3, 'Oli Other', $4) RETURNING id",
    [emails.owner, emails.admin, emails.other, hash],
  );
  const [owner, admin, other] = users.rows.map((r) => r.id);
  await asTenant(tenants.admin, tenants.ids[0], () => tenants.admin.query("INSERT INTO memberships (user_id, role) VALUES ($1, 'owner'), ($2, 'admin')", [owner, admin]));
  await asTenant(tenants.admin, tenants.ids[1], () => tenants.admin.query("INSERT INTO memberships (user_id, role) VALUES ($1, 'owner')", [other]));
  cookies.owner = await sessionCookie(`${slugs.first}.localhost`, emails.owner, PASSWORD);
  cookies.admin = await sessionCookie(`${slugs.first}.localhost`, emails.admin, PASSWORD);
  cookies.other = await sessionCookie(`${slugs.other}.localhost`, emails.other, PASSWORD);
});

after(async () => {
  await tenants.admin.query("DELETE FROM users WHERE email = ANY($1)", [Object.values(emails)]);
  await tenants.cleanup();
});

test("a bad, reserved or taken address is a field error, an admin may not change it, and nothing moves", async () => {
  const host = `${slugs.first}.localhost`;
  const fieldOf = async (slug: string) => (await callAction(host, "/settings", ...ACTION, { slug }, cookies.owner)).state?.fields?.slug;
  assert.deepEqual(await fieldOf("Not An Address"), ["3–40 lowercase letters, digits or hyphens, starting and ending with a letter or digit."]);
  assert.deepEqual(await fieldOf("admin"), ["That address is reserved."]);
  assert.deepEqual(await fieldOf(slugs.other), ["That address is taken."]);
  assert.deepEqual(await fieldOf("acme"), ["That address is taken."]);
  assert.equal((await callAction(host, "/settings", ...ACTION, { slug: slugs.next }, cookies.admin)).state?.code, "forbidden");
  assert.equal(await slugOf(tenants.ids[0]), slugs.first);
});

test("the owner moves the workspace: the answer leads to the new address with a one-time sign-in, and the move is audited", async () => {
  const result = await callAction(`${slugs.first}.localhost`, "/settings", ...ACTION, { slug: `  ${slugs.next.toUpperCase()} ` }, cookies.owner);
  assert.equal(result.state?.ok, true, JSON.stringify(result.state));
  assert.match(String(result.state?.data?.next), new RegExp(`^http://${slugs.next}\\.localhost:${port}/auth/handoff\\?token=[A-Za-z0-9_-]+$`));
  assert.equal(await slugOf(tenants.ids[0]), slugs.next);
  const { rows } = await tenants.admin.query("SELECT actor_name, payload FROM events WHERE tenant_id = $1 AND type = 'tenant.address_changed'", [tenants.ids[0]]);
  assert.deepEqual(rows, [{ actor_name: "Ada Owner", payload: { from: slugs.first, to: slugs.next } }]);
  // The new address serves the workspace; the owner's old cookie belongs to the old host only.
  const page = await request(`${slugs.next}.localhost`, "/sign-in");
  assert.equal(page.status, 200);
});

test("the old address redirects every request, path, query, method and body kept, to the new one", async () => {
  const page = await request(`${slugs.first}.localhost`, "/employees?q=ada&sort=name");
  assert.equal(page.status, 308);
  assert.equal(page.headers.location, `http://${slugs.next}.localhost:${port}/employees?q=ada&sort=name`);
  const api = await request(`${slugs.first}.localhost`, "/api/employees", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  assert.equal(api.status, 308);
  assert.equal(api.headers.location, `http://${slugs.next}.localhost:${port}/api/employees`);
  // Path mode on the root domain: /t/<old>/… → /t/<new>/…
  const path = await request("localhost", `/t/${slugs.first}/projects`);
  assert.equal(path.status, 308);
  assert.equal(new URL(path.headers.location!, `http://localhost:${port}`).href, `http://localhost:${port}/t/${slugs.next}/projects`); // Next makes a same-origin location relative
  // An address that never belonged to anyone is still a 404.
  assert.equal((await request(`${uniqueSlug("never")}.localhost`, "/")).status, 404);
});

test("no other workspace can take the old address during the grace period", async () => {
  const taken = await callAction(`${slugs.other}.localhost`, "/settings", ...ACTION, { slug: slugs.first }, cookies.other);
  assert.deepEqual(taken.state?.fields?.slug, ["That address is taken."]);
  assert.equal((await tenants.admin.query("SELECT directory.slug_in_use($1) AS used", [slugs.first])).rows[0].used, true);
  await assert.rejects(tenants.admin.query("SELECT directory.create_tenant($1, 'Squatter')", [slugs.first]), /left recently by another workspace/);
});

test("the owner may take the old address back: it serves the workspace again, and the other one now redirects", async () => {
  const cookie = await sessionCookie(`${slugs.next}.localhost`, emails.owner, PASSWORD);
  const back = await callAction(`${slugs.next}.localhost`, "/settings", ...ACTION, { slug: slugs.first }, cookie);
  assert.equal(back.state?.ok, true, JSON.stringify(back.state));
  assert.equal((await request(`${slugs.first}.localhost`, "/sign-in")).status, 200);
  const moved = await request(`${slugs.next}.localhost`, "/sign-in");
  assert.equal(moved.status, 308);
  assert.equal(moved.headers.location, `http://${slugs.first}.localhost:${port}/sign-in`);
});

test("after the grace period the old address names nothing and is free again", async () => {
  await tenants.admin.query("UPDATE directory.former_slugs SET redirect_until = now() - interval '1 second' WHERE tenant_id = $1", [tenants.ids[0]]);
  await forgetCaches(tenants.ids[0]);
  await new Promise((r) => setTimeout(r, 200)); // the notification reaches the app's listener
  assert.equal((await request(`${slugs.next}.localhost`, "/sign-in")).status, 404);
  assert.equal((await tenants.admin.query("SELECT directory.slug_in_use($1) AS used", [slugs.next])).rows[0].used, false);
});
