// A workspace that is not active refuses writes in the database itself: a write as the app role
// in plain SQL, and one through the app's own database layer with no pipeline in front (as a stale
// instance or a forgotten code path would make it), are both refused; the layer turns the refusal
// into the typed error. Reads and the event log keep working; resuming makes writes work again.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import pg from "pg";
import { TenancyError } from "@/lib/errors";
import { appUrl, asTenant, connect, createTenants, uniqueSlug } from "../support/env";
import { testDatabase, type TestDatabase } from "../support/db";

let tenants: Awaited<ReturnType<typeof createTenants>>;
let app: pg.Client;
let db: TestDatabase;
let tenantId: string;
let projectId: string;

const setStatus = (status: string) => tenants.admin.query("UPDATE tenants SET status = $1 WHERE id = $2", [status, tenantId]);

/** Runs `sql` as the app bound to the tenant; answers the SQLSTATE it was refused with, or null. */
async function refusedWith(sql: string, values: unknown[] = []): Promise<string | null> {
  try {
    await asTenant(app, tenantId, () => app.query(sql, values));
    return null;
  } catch (error) {
    return (error as pg.DatabaseError).code ?? String(error);
  }
}

before(async () => {
  tenants = await createTenants([uniqueSlug("suspended-writes")]);
  [tenantId] = tenants.ids;
  app = await connect(await appUrl());
  db = testDatabase(await appUrl(), 2);
  projectId = (await db.client(tenantId).project.create({ data: { name: "Before suspension" } })).id;
});

after(async () => {
  await db.end();
  await app.end();
  await tenants.cleanup();
});

test("suspended: every kind of write to every guarded table is refused as the app role in SQL (TN403); reads and events are not", async () => {
  await setStatus("suspended");
  assert.equal(await refusedWith("INSERT INTO projects (name) VALUES ('During suspension')"), "TN403");
  assert.equal(await refusedWith("UPDATE projects SET name = 'Renamed' WHERE id = $1", [projectId]), "TN403");
  assert.equal(await refusedWith("DELETE FROM projects WHERE id = $1", [projectId]), "TN403");
  assert.equal(await refusedWith("INSERT INTO employees (name, email, title, department) VALUES ('E', 'e@x.test', 'T', 'D')"), "TN403");
  assert.equal(await refusedWith("UPDATE memberships SET role = 'admin'"), "TN403");
  assert.equal(await refusedWith("UPDATE invitations SET revoked_at = now()"), "TN403");
  assert.equal(await refusedWith("UPDATE api_keys SET revoked_at = now()"), "TN403");
  // Even a statement that would change no row is refused: the trigger runs per statement.
  assert.equal(await refusedWith("DELETE FROM employees WHERE false"), "TN403");
  const read = await asTenant(app, tenantId, () => app.query("SELECT name FROM projects"));
  assert.deepEqual(read.rows, [{ name: "Before suspension" }]);
  assert.equal(await refusedWith("INSERT INTO events (type, payload) VALUES ('tenant.suspended', '{}')"), null);
});

test("suspended: the app's database layer, with no pipeline in front, refuses with the typed error (403 tenant_suspended)", async () => {
  await setStatus("suspended");
  const scoped = db.client(tenantId);
  await assert.rejects(scoped.project.create({ data: { name: "Stale instance write" } }), (error: unknown) => {
    assert.ok(error instanceof TenancyError, String(error));
    assert.equal(error.code, "tenant_suspended");
    assert.equal(error.status, 403);
    return true;
  });
  await assert.rejects(
    db.run(tenantId, (tx) => tx.project.update({ where: { id: projectId }, data: { name: "In a transaction" } })),
    (error: unknown) => error instanceof TenancyError && error.code === "tenant_suspended",
  );
  assert.equal((await scoped.project.findMany()).length, 1);
});

test("closed: writes are refused with TN410 (410 tenant_inactive through the layer)", async () => {
  await setStatus("inactive");
  assert.equal(await refusedWith("INSERT INTO projects (name) VALUES ('After closing')"), "TN410");
  await assert.rejects(
    db.client(tenantId).project.create({ data: { name: "After closing" } }),
    (error: unknown) => error instanceof TenancyError && error.code === "tenant_inactive" && error.status === 410,
  );
});

test("resumed: writes work again, and nothing refused earlier was written", async () => {
  await setStatus("active");
  assert.equal(await refusedWith("UPDATE projects SET name = 'After resuming' WHERE id = $1", [projectId]), null);
  const names = (await db.client(tenantId).project.findMany({ orderBy: { name: "asc" } })).map((p) => p.name);
  assert.deepEqual(names, ["After resuming"]);
});
