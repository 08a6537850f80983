// Pooled connections are where tenant bindings leak: a setting that outlives its transaction, a
// connection handed to the next request mid-flight, or a driver callback resumed in another
// request's context. Hammer a two-connection pool with hundreds of interleaved requests for twenty
// tenants, through every path the app uses, and look for a single foreign row. With
// TENANTRY_TEST_PLACEMENT=dedicated, half the tenants live in dedicated databases (on the second
// server and on the primary) behind the same registry, whose small dedicated pools are evicted
// and reopened under the load: a request routed to another tenant's database must see nothing either.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { env } from "@/lib/env";
import { TenancyError } from "@/lib/errors";
import { createPrismaClient } from "@/lib/tenancy/db/prisma-client";
import { controlPlane } from "@/lib/tenancy/db/control-plane-pool";
import type { TenantPlacement } from "@/lib/tenancy/db/database-registry";
import { scopedClient } from "@/lib/tenancy/db/scoped-client";
import { dedicatedDatabaseOf, dropDatabase } from "../../scripts/tenantry/placements/dedicated-database";
import { moveTenant } from "../../scripts/tenantry/placements/move";
import { resolvedTenant, testDatabase, type TestDatabase } from "../support/db";
import { saturateCpu } from "../support/busy-cpu";
import { adminUrl, appUrl, asTenant, createTenants, uniqueSlug, viaPgBouncer } from "../support/env";

const TENANTS = 20;
const REQUESTS = 800;
const EMPLOYEES_PER_TENANT = 5;

const DEDICATED = env().TENANTRY_TEST_PLACEMENT === "dedicated";

let tenants: Awaited<ReturnType<typeof createTenants>>;
let slugOf: Map<string, string>;
let someEmployeeOf: Map<string, string>;
/** Where each moved tenant now lives, as a request would resolve it. */
const placed = new Map<string, TenantPlacement>();

before(async () => {
  const slugs = Array.from({ length: TENANTS }, (_, i) => uniqueSlug(`leak${i}`));
  tenants = await createTenants(slugs);
  slugOf = new Map(tenants.ids.map((id, i) => [id, slugs[i]]));
  someEmployeeOf = new Map();
  for (const [id, slug] of slugOf) {
    const { rows } = await asTenant(tenants.admin, id, () => tenants.admin.query(
      `INSERT INTO employees (name, email, title, department)
       SELECT 'P' || g, 'p' || g || '@' || $1 || '.test', 'T', 'D' FROM generate_series(1, $2) g RETURNING id`,
      [slug, EMPLOYEES_PER_TENANT],
    ));
    someEmployeeOf.set(id, rows[0].id);
  }
  if (!DEDICATED) return;
  for (const [i, id] of tenants.ids.entries()) {
    if (i % 2 === 0) continue;
    await moveTenant(adminUrl(), slugOf.get(id)!, { placement: "dedicated", server: i % 4 === 1 ? "second" : "primary" });
    placed.set(id, await resolvedTenant(id));
  }
});

after(async () => {
  for (const id of placed.keys()) {
    const database = await dedicatedDatabaseOf(tenants.admin, id);
    if (database) await dropDatabase(adminUrl(), database.host, database.name);
  }
  await tenants.cleanup();
  if (DEDICATED) await controlPlane().end();
});

class Rollback extends Error {}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Overload has a typed answer: a request that waited its bounded time for one of the two
 * connections gets 503 database_busy with a retry hint, and nothing of it was done. A client
 * retries it, as this one does; any other failure fails the test.
 */
async function retriedWhenBusy<T>(fn: () => Promise<T>, onBusy: () => void): Promise<T> {
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (!(error instanceof TenancyError && error.code === "database_busy")) throw error;
      onBusy();
      await sleep(50 + Math.random() * 100);
    }
  }
}

test(`${REQUESTS} concurrent requests over 2 pooled connections, on a saturated CPU, never see another tenant`, async () => {
  const db = testDatabase((await appUrl()), 2, placed);
  // Every core spins meanwhile: a binding that slips under a delayed callback would show here.
  const stopSpinning = saturateCpu();
  let busy = 0;
  const retried = <T>(fn: () => Promise<T>) => retriedWhenBusy(fn, () => busy++);
  let foreign = 0;
  let rolledBack = 0;
  let committed = 0;
  const kinds = [0, 0, 0, 0];
  try {
    await Promise.all(
      Array.from({ length: REQUESTS }, async (_, i) => {
        const tenantId = tenants.ids[i % TENANTS];
        const domain = `@${slugOf.get(tenantId)}.test`;
        const ownRow = (email: string) => email.endsWith(domain);
        await sleep(Math.random() * 20);
        const kind = i % 4;
        kinds[kind]++;
        if (kind === 0) {
          // Scoped client: one bound statement per call.
          const rows = await retried(() => db.client(tenantId).employee.findMany({ select: { email: true } }));
          foreign += rows.filter((r) => !ownRow(r.email)).length;
          assert.ok(rows.length >= EMPLOYEES_PER_TENANT);
          return;
        }
        if (kind === 1) {
          // Same-tick lookups of every tenant's row: only this tenant's own may come back.
          const found = await Promise.all(tenants.ids.map((t) => retried(() => db.client(tenantId).employee.findUnique({ where: { id: someEmployeeOf.get(t)! } }))));
          for (const [j, row] of found.entries()) {
            if (tenants.ids[j] === tenantId) assert.ok(row && ownRow(row.email));
            else if (row) foreign++;
          }
          return;
        }
        // Interactive transactions: write then read, half of them rolled back.
        try {
          await retried(() => db.run(tenantId, async (tx) => {
            await tx.employee.create({ data: { name: "Temp", email: `tmp${i}${domain}`, title: "T", department: "D" } });
            await sleep(Math.random() * 5);
            const rows = await tx.employee.findMany({ select: { email: true } });
            const setting = await tx.$queryRaw<{ t: string }[]>`SELECT current_setting('app.tenant_id') AS t`;
            assert.equal(setting[0].t, tenantId);
            foreign += rows.filter((r) => !ownRow(r.email)).length;
            if (kind === 3) throw new Rollback();
          }));
          committed++;
        } catch (error) {
          if (!(error instanceof Rollback)) throw error;
          rolledBack++;
        }
      }),
    );
  } finally {
    await stopSpinning();
    await db.end();
  }
  assert.equal(foreign, 0, "rows of another tenant were seen");
  assert.deepEqual(kinds, [REQUESTS / 4, REQUESTS / 4, REQUESTS / 4, REQUESTS / 4]);
  assert.equal(committed, REQUESTS / 4);
  assert.equal(rolledBack, REQUESTS / 4);
  if (busy) console.log(`${busy} attempts were answered database_busy and retried`);

  // Rolled-back writes left nothing; committed ones landed with their own tenant only (read bound
  // to each tenant in whichever database holds it: a row under the wrong tenant has a foreign email).
  const check = testDatabase(await appUrl(), 2, placed);
  try {
    let stored = 0;
    for (const id of tenants.ids) {
      const rows = await check.run(id, (tx) => tx.$queryRaw<{ tenant_id: string; email: string }[]>`SELECT tenant_id::text, email FROM employees WHERE name = 'Temp'`);
      stored += rows.length;
      for (const r of rows) assert.ok(r.tenant_id === id && r.email.endsWith(`@${slugOf.get(id)}.test`), r.email);
    }
    assert.equal(stored, REQUESTS / 4);
  } finally {
    await check.end();
  }
});

test("a bound statement leaves nothing on its connection", async () => {
  // One connection, so every statement below runs on the same backend.
  const handle = createPrismaClient(await appUrl(), { poolSize: 1, binding: env().TENANTRY_BINDING });
  try {
    for (const id of tenants.ids.slice(0, 5)) {
      const db = scopedClient(handle.prisma, id);
      const seen = await db.$queryRaw<{ t: string }[]>`SELECT current_setting('app.tenant_id') AS t`;
      assert.equal(seen[0].t, id);
      const { rows } = await tenants.admin.query("SELECT count(*)::int AS n FROM employees WHERE tenant_id = $1", [id]);
      assert.equal(await db.employee.count(), rows[0].n);
      // The handle is lenient: with no tenant bound, this goes out unbound on the same connection.
      const after: { rows: { t: string; n: number }[] } = await handle.pool.query({
        text: "SELECT current_setting('app.tenant_id', true) AS t, (SELECT count(*)::int FROM employees) AS n",
      });
      assert.ok(["", null].includes(after.rows[0].t), String(after.rows[0].t)); // NULL on a fresh server connection behind PgBouncer
      assert.equal(after.rows[0].n, 0);
    }
  } finally {
    await handle.end();
  }
});

test(`statements really go ${viaPgBouncer ? "through PgBouncer (2 server connections)" : "straight to Postgres"}`, async () => {
  const db = testDatabase(await appUrl(), 10);
  try {
    const client = db.client(tenants.ids[0]);
    const pids = await Promise.all(
      Array.from({ length: 30 }, () => client.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid FROM pg_sleep(0.05)`),
    );
    const distinct = new Set(pids.map((r) => r[0].pid)).size;
    if (viaPgBouncer) assert.ok(distinct <= 2, `${distinct} server connections`);
    else assert.ok(distinct > 2, `${distinct} server connections`);
  } finally {
    await db.end();
  }
});
