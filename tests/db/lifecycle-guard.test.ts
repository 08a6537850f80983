// The database holds the lifecycle's rules for the app role, whatever the app code does: it can
// change only the tenant it has bound, only by an owner's transitions, and cannot lift an
// operator's suspension; the any-tenant function is not the app's to call.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import pg from "pg";
import { appUrl, asTenant, connect, createTenants, uniqueSlug } from "../support/env";

let tenants: Awaited<ReturnType<typeof createTenants>>;
let app: pg.Client;
const status = async (id: string) => (await tenants.admin.query("SELECT status::text, status_changed_by AS by FROM tenants WHERE id = $1", [id])).rows[0];
const own = (tenant: string, from: string[], to: string) =>
  asTenant(app, tenant, async () => (await app.query("SELECT directory.change_own_tenant_status($1::tenant_status[], $2) AS r", [from, to])).rows[0].r);

before(async () => {
  tenants = await createTenants([uniqueSlug("guard-a"), uniqueSlug("guard-b")]);
  app = await connect(await appUrl());
});

after(async () => {
  await app.end();
  await tenants.cleanup();
});

test("the app role cannot call the operators' any-tenant function", async () => {
  const [, b] = tenants.ids;
  await assert.rejects(
    app.query("SELECT directory.change_tenant_status($1, ARRAY['active']::tenant_status[], 'inactive', 'operator')", [b]),
    (error: pg.DatabaseError) => error.code === "42501",
  );
  assert.equal((await status(b)).status, "active");
});

test("bound to A, the app changes A and only A, as a user", async () => {
  const [a, b] = tenants.ids;
  assert.equal(await own(a, ["active"], "suspended"), "ok");
  assert.deepEqual(await status(a), { status: "suspended", by: "user" });
  assert.equal((await status(b)).status, "active");
  assert.equal(await own(a, ["active"], "suspended"), "suspended", "a second suspension answers the current status");
  assert.equal(await own(a, ["suspended"], "active"), "ok");
});

test("not an owner's transition (reopening a closed workspace), or no tenant bound: refused", async () => {
  const [a] = tenants.ids;
  await assert.rejects(own(a, ["inactive"], "active"), (error: pg.DatabaseError) => error.code === "42501");
  await assert.rejects(app.query("SELECT directory.change_own_tenant_status(ARRAY['active']::tenant_status[], 'suspended')"), (error: pg.DatabaseError) => error.code === "42501");
});

test("an operator's suspension stays until an operator lifts it", async () => {
  const [a] = tenants.ids;
  await tenants.admin.query("UPDATE tenants SET status = 'suspended', status_changed_by = 'operator' WHERE id = $1", [a]);
  assert.equal(await own(a, ["suspended"], "active"), "operator");
  assert.deepEqual(await status(a), { status: "suspended", by: "operator" });
});
