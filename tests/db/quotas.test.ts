// Plans hold every create to their limits in the database, race-safe: 50 concurrent creates at
// one below the limit, exactly one commits, through the app's write path and in plain SQL as the
// app role alike. A refusal is the typed 402 quota_exceeded with the limit and the usage; a plan
// the usage does not fit is refused; unlimited plans and the owner's unbound maintenance are not held.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import pg from "pg";
import { changePlan } from "@/lib/directory";
import { createEmployee } from "@/lib/employees/employee-writes";
import { TenancyError } from "@/lib/errors";
import { createProject } from "@/lib/projects/project-writes";
import { createApiKey } from "@/lib/tenancy";
import { ControlPlanePool } from "@/lib/tenancy/db/control-plane-pool";
import { asUser, TEST_OPERATOR, testDatabase, type TestDatabase } from "../support/db";
import { adminUrl, appUrl, asTenant, connect, createTenants, uniqueSlug } from "../support/env";

let tenants: Awaited<ReturnType<typeof createTenants>>;
let db: TestDatabase;
let app: pg.Client;
let operators: ControlPlanePool;
const actor = asUser("00000000-0000-4000-8000-000000000001", "Quota Tester");
const writer = { actor, can: () => true };

const count = async (table: string, tenantId: string) => (await tenants.admin.query(`SELECT count(*)::int AS n FROM ${table} WHERE tenant_id = $1`, [tenantId])).rows[0].n;
const fill = (tenantId: string, sql: string, n: number) => asTenant(tenants.admin, tenantId, () => tenants.admin.query(sql, [n]));
const fillEmployees = (tenantId: string, n: number) =>
  fill(tenantId, "INSERT INTO employees (name, email, title, department) SELECT 'Filler ' || g, 'filler' || g || '@quota.test', '', '' FROM generate_series(1, $1) g", n);
const fillProjects = (tenantId: string, n: number) => fill(tenantId, "INSERT INTO projects (name) SELECT 'Filler ' || g FROM generate_series(1, $1) g", n);

function assertQuotaExceeded(error: unknown, resource: string, limit: number, usage: number) {
  assert.ok(error instanceof TenancyError, String(error));
  assert.equal(error.code, "quota_exceeded");
  assert.equal(error.status, 402);
  assert.deepEqual(error.details, { resource, limit, usage });
  return true;
}

before(async () => {
  tenants = await createTenants([uniqueSlug("quota-employees"), uniqueSlug("quota-projects"), uniqueSlug("quota-sql"), uniqueSlug("quota-plan"), uniqueSlug("quota-unlimited")], { plan: "free" });
  await tenants.admin.query("UPDATE tenants SET plan = 'enterprise' WHERE id = $1", [tenants.ids[4]]);
  db = testDatabase(await appUrl(), 10);
  app = await connect(await appUrl());
  operators = new ControlPlanePool(adminUrl(), 1);
});

after(async () => {
  await operators.end();
  await app.end();
  await db.end();
  await tenants.cleanup();
});

test("50 concurrent employee creates at one below the free plan's 50: exactly one commits, 49 get 402 with the limit and usage", async () => {
  const tenantId = tenants.ids[0];
  await fillEmployees(tenantId, 49);
  const results = await Promise.allSettled(
    Array.from({ length: 50 }, (_, i) => createEmployee(db.client(tenantId), { name: `Racer ${i}`, email: `racer${i}@quota.test` }, actor)),
  );
  const created = results.filter((r) => r.status === "fulfilled");
  const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
  assert.equal(created.length, 1, "exactly one create commits");
  for (const r of refused) assertQuotaExceeded(r.reason, "employees", 50, 50);
  assert.equal(await count("employees", tenantId), 50);
  // Nothing half-written: one event, for the one employee that exists.
  const events = await tenants.admin.query("SELECT count(*)::int AS n FROM events WHERE tenant_id = $1 AND type = 'employee.created'", [tenantId]);
  assert.equal(events.rows[0].n, 1);
});

test("50 concurrent project creates at one below the free plan's 10: exactly one commits", async () => {
  const tenantId = tenants.ids[1];
  await fillProjects(tenantId, 9);
  const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => createProject(db.client(tenantId), { name: `Racer ${i}` }, writer)));
  assert.equal(results.filter((r) => r.status === "fulfilled").length, 1);
  for (const r of results) if (r.status === "rejected") assertQuotaExceeded(r.reason, "projects", 10, 10);
  assert.equal(await count("projects", tenantId), 10);
});

test("in plain SQL as the app role (a forgotten code path), every limited resource refuses the create over its limit with TN402", async () => {
  const tenantId = tenants.ids[2];
  await fillEmployees(tenantId, 50);
  await fillProjects(tenantId, 10);
  const refusal = async (sql: string) => {
    try {
      await asTenant(app, tenantId, () => app.query(sql));
      return null;
    } catch (error) {
      const e = error as pg.DatabaseError;
      return { code: e.code, detail: JSON.parse(e.detail ?? "null") };
    }
  };
  assert.deepEqual(await refusal("INSERT INTO employees (name, email, title, department) VALUES ('One more', 'more@quota.test', '', '')"), {
    code: "TN402",
    detail: { resource: "employees", limit: 50, usage: 50 },
  });
  assert.deepEqual(await refusal("INSERT INTO projects (name) VALUES ('One more')"), { code: "TN402", detail: { resource: "projects", limit: 10, usage: 10 } });
  // Three keys fit the free plan; revoked ones do not count.
  for (let i = 0; i < 3; i++) await createApiKey(db.client(tenantId), { name: `key ${i}`, role: "viewer" }, TEST_OPERATOR);
  await assert.rejects(createApiKey(db.client(tenantId), { name: "fourth", role: "viewer" }, TEST_OPERATOR), (e) => assertQuotaExceeded(e, "api_keys", 3, 3));
  await asTenant(tenants.admin, tenantId, () => tenants.admin.query("UPDATE api_keys SET revoked_at = now() WHERE name = 'key 0'"));
  await createApiKey(db.client(tenantId), { name: "fourth", role: "viewer" }, TEST_OPERATOR);
  // Five members fit; the sixth membership is refused.
  const users = await tenants.admin.query<{ id: string }>(
    "INSERT INTO users (email, name) SELECT 'member' || g || '-' || $1 || '@quota.test', 'Member ' || g FROM generate_series(1, 6) g RETURNING id",
    [tenantId.slice(0, 8)],
  );
  const ids = users.rows.map((r) => r.id);
  try {
    await asTenant(app, tenantId, () => app.query("INSERT INTO memberships (user_id, role) SELECT unnest($1::uuid[]), 'member'", [ids.slice(0, 5)]));
    const sixth = await refusal(`INSERT INTO memberships (user_id, role) VALUES ('${ids[5]}', 'member')`);
    assert.deepEqual(sixth, { code: "TN402", detail: { resource: "members", limit: 5, usage: 5 } });
    // A multi-row insert that would cross the limit is refused whole.
    await asTenant(app, tenantId, () => app.query("DELETE FROM memberships WHERE user_id = ANY($1::uuid[])", [ids.slice(3, 5)]));
    const many = await refusal(`INSERT INTO memberships (user_id, role) SELECT unnest(ARRAY['${ids[3]}', '${ids[4]}', '${ids[5]}']::uuid[]), 'member'`);
    assert.deepEqual(many, { code: "TN402", detail: { resource: "members", limit: 5, usage: 3 } });
    assert.equal(await count("memberships", tenantId), 3);
  } finally {
    await tenants.admin.query("DELETE FROM tenants WHERE id = $1", [tenantId]);
    await tenants.admin.query("DELETE FROM users WHERE id = ANY($1::uuid[])", [ids]);
  }
});

test("a plan the usage does not fit is refused (nothing changes); one it fits is recorded once, with its actor", async () => {
  const tenantId = tenants.ids[3];
  await tenants.admin.query("UPDATE tenants SET plan = 'pro' WHERE id = $1", [tenantId]);
  await fillProjects(tenantId, 11);
  await assert.rejects(changePlan(tenantId, "free", TEST_OPERATOR, operators), (error: unknown) => {
    assert.ok(error instanceof TenancyError);
    assert.equal(error.code, "quota_exceeded");
    assert.deepEqual(error.details, { resource: "projects", limit: 10, usage: 11, plan: "free" });
    assert.match(error.message, /The Free plan allows 10 projects, and this workspace has 11/);
    return true;
  });
  await assert.rejects(changePlan(tenantId, "platinum", TEST_OPERATOR, operators), (e: unknown) => e instanceof TenancyError && e.code === "invalid_request");
  const plan = async () => (await tenants.admin.query("SELECT plan FROM tenants WHERE id = $1", [tenantId])).rows[0].plan;
  assert.equal(await plan(), "pro");
  assert.deepEqual(await changePlan(tenantId, "enterprise", TEST_OPERATOR, operators).then((r) => [r.from, r.to.id]), ["pro", "enterprise"]);
  assert.deepEqual(await changePlan(tenantId, "enterprise", TEST_OPERATOR, operators).then((r) => [r.from, r.to.id]), ["enterprise", "enterprise"]);
  assert.equal(await plan(), "enterprise");
  const events = await tenants.admin.query("SELECT payload, actor_kind, actor_name FROM events WHERE tenant_id = $1 AND type = 'plan.changed'", [tenantId]);
  assert.deepEqual(events.rows, [{ payload: { from: "Pro", to: "Enterprise" }, actor_kind: "operator", actor_name: "tests" }]);
});

test("an unlimited plan holds nothing back, and the owner's maintenance with no tenant bound (a restore) is not held", async () => {
  const tenantId = tenants.ids[4];
  await fillProjects(tenantId, 30);
  await createProject(db.client(tenantId), { name: "Thirty-first" }, writer);
  assert.equal(await count("projects", tenantId), 31);
  const free = tenants.ids[1]; // at its limit of 10
  await tenants.admin.query("INSERT INTO projects (tenant_id, name) VALUES ($1, 'Restored')", [free]);
  assert.equal(await count("projects", free), 11);
});
