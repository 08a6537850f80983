// Placements (README, Placements): a dedicated tenant's first request on a cold pool, its
// steady-state reads against a shared tenant's with the same rows, a fleet migration of 100
// dedicated databases from an empty schema, and moves of tenants of 1,000, 10,000 and 100,000
// employees from the shared database to the second server while a client keeps writing.
// Needs the second embedded server (`npm run bench` starts it: TENANTRY_PG_SECOND_PORT).
import { randomUUID } from "node:crypto";
import type { Tenant } from "@/lib/directory";
import { forgetTenants, tenantById } from "@/lib/directory/tenants";
import { createEmployee } from "@/lib/employees/employee-writes";
import { TenancyError } from "@/lib/errors";
import { SYSTEM_ACTOR } from "@/lib/events/actor";
import { DatabaseRegistry } from "@/lib/tenancy/db/database-registry";
import { withPgClient } from "../scripts/pg-client";
import { migrateFleet } from "../scripts/tenantry/database-commands";
import { databaseNameFor, dropDatabase } from "../scripts/tenantry/placements/dedicated-database";
import { moveTenant } from "../scripts/tenantry/placements/move";
import { serverNamed } from "../scripts/tenantry/placements/servers";
import { interleave, median, ratio, round1 } from "./measure";

type Options = { adminUrl: string; appUrl: string; rounds: number; ops: number; log: (line: string) => void };

const select = { id: true, name: true, email: true, title: true, department: true, projectId: true } as const;
const orderBy = [{ name: "asc" as const }, { id: "asc" as const }];

/** A tenant of `employees` rows, made in one statement. */
async function benchTenant(adminUrl: string, prefix: string, employees: number): Promise<{ id: string; slug: string }> {
  const slug = `${prefix}-${randomUUID().slice(0, 8)}`;
  return withPgClient(adminUrl, async (sql) => {
    const { rows } = await sql.query<{ id: string }>("INSERT INTO tenants (slug, name, plan) VALUES ($1, $1, 'enterprise') RETURNING id", [slug]);
    await sql.query("BEGIN");
    await sql.query("SELECT set_config('app.tenant_id', $1, true)", [rows[0].id]);
    await sql.query(
      `INSERT INTO employees (name, email, title, department) SELECT 'Person ' || g, 'p' || g || '@' || $1 || '.test', 'Engineer', 'D' || (g % 7) FROM generate_series(1, $2) g`,
      [slug, employees],
    );
    await sql.query("COMMIT");
    await sql.query("ANALYZE employees");
    return { id: rows[0].id, slug };
  });
}

async function resolved(id: string): Promise<Tenant> {
  forgetTenants();
  return (await tenantById(id))!;
}

/** Deletes a bench tenant wherever it is (its dedicated database dropped). */
async function removeTenant(adminUrl: string, id: string): Promise<void> {
  const tenant = await resolved(id);
  await withPgClient(adminUrl, async (sql) => {
    if (tenant.database) await dropDatabase(adminUrl, await serverNamed(sql, tenant.database.server), tenant.database.name);
    await sql.query("DELETE FROM tenants WHERE id = $1", [id]);
  });
}

export async function placementScenarios({ adminUrl, appUrl, rounds, ops, log }: Options) {
  const shared = await benchTenant(adminUrl, "bench-shared", 1000);
  const dedicated = await benchTenant(adminUrl, "bench-dedicated", 1000);
  await moveTenant(adminUrl, dedicated.slug, { placement: "dedicated", server: "second" });
  const [sharedTenant, dedicatedTenant] = [await resolved(shared.id), await resolved(dedicated.id)];
  const registryFor = () => new DatabaseRegistry({ url: appUrl, poolSize: 10, binding: "pipelined", dedicated: { poolSize: 10, connections: 40 } });
  const page = (registry: DatabaseRegistry, tenant: Tenant) => registry.clientFor(tenant).employee.findMany({ orderBy, take: 25, select });
  const results: Record<string, unknown> = {};
  try {
    log("  cold open: the first request of a dedicated tenant on a new instance");
    const cold = { dedicated: [] as number[], shared: [] as number[] };
    for (let i = 0; i < 7; i++) {
      for (const [name, tenant] of [["dedicated", dedicatedTenant], ["shared", sharedTenant]] as const) {
        const registry = registryFor();
        const t0 = performance.now();
        await page(registry, tenant);
        cold[name].push(performance.now() - t0);
        await registry.end();
      }
    }
    results["dedicated-cold-open"] = { ms: round1(median(cold.dedicated)), sharedMs: round1(median(cold.shared)), samples: cold.dedicated.map(round1) };

    log("  steady reads: a page of 25 of 1,000 employees, dedicated vs shared, concurrency 16");
    const registry = registryFor();
    const timings = await interleave(
      { shared: () => page(registry, sharedTenant), dedicated: () => page(registry, dedicatedTenant) },
      { rounds, ops, concurrency: 16 },
    );
    await registry.end();
    // Above 1: the dedicated tenant serves more reads per second than the shared one.
    results["dedicated-read"] = { ratio: ratio(timings.shared.median, timings.dedicated.median), dedicatedUsPerOp: timings.dedicated.median, sharedUsPerOp: timings.shared.median };
  } finally {
    await removeTenant(adminUrl, shared.id);
    await removeTenant(adminUrl, dedicated.id);
  }

  log("  fleet migration: 100 dedicated databases from an empty schema, 4 at a time");
  const fleet: string[] = [];
  const second = await withPgClient(adminUrl, (sql) => serverNamed(sql, "second"));
  try {
    for (let i = 0; i < 100; i++) {
      const t = await withPgClient(adminUrl, (sql) => sql.query<{ id: string }>("INSERT INTO tenants (slug, name) VALUES ($1, $1) RETURNING id", [`bench-fleet-${randomUUID().slice(0, 8)}`]));
      const id = t.rows[0].id;
      fleet.push(id);
      await withPgClient(second.adminUrl, (sql) => sql.query(`CREATE DATABASE ${databaseNameFor(id)}`));
      await withPgClient(adminUrl, (sql) => sql.query("UPDATE tenants SET placement = 'dedicated', server = 'second', database_name = $2 WHERE id = $1", [id, databaseNameFor(id)]));
    }
    const t0 = performance.now();
    const migrated = await migrateFleet({ name: "shared", adminUrl, appUrl }, 4);
    const ms = Math.round(performance.now() - t0);
    const failed = migrated.filter((r) => !r.ok);
    if (failed.length) throw new Error(`fleet migration failed: ${failed[0].database}: ${failed[0].error}`);
    results["fleet-migrate"] = { databases: migrated.length - 1, ms, concurrency: 4, msPerDatabase: Math.round(ms / (migrated.length - 1)) };
  } finally {
    for (const id of fleet) await removeTenant(adminUrl, id);
  }

  log("  moves: shared → dedicated on the second server, a client writing throughout");
  const sizes: Record<string, { totalMs: number; windowMs: number; writes: number; refused: number }> = {};
  for (const size of [1000, 10_000, 100_000]) {
    const tenant = await benchTenant(adminUrl, `bench-move-${size}`, size);
    const writerRegistry = registryFor();
    let stop = false;
    let writes = 0;
    let refused = 0;
    const writer = (async () => {
      let current = await resolved(tenant.id);
      while (!stop) {
        try {
          await createEmployee(writerRegistry.clientFor(current), { name: "Writer", email: `w-${randomUUID()}@bench.test`, title: "T", department: "D" }, SYSTEM_ACTOR);
          writes++;
        } catch (error) {
          if (!(error instanceof TenancyError && error.code === "tenant_moving")) throw error;
          refused++;
          await new Promise((r) => setTimeout(r, 20));
          current = await resolved(tenant.id);
        }
      }
    })();
    try {
      const report = await moveTenant(adminUrl, tenant.slug, { placement: "dedicated", server: "second" });
      await new Promise((r) => setTimeout(r, 200));
      sizes[String(size)] = { totalMs: Math.round(report.totalMs), windowMs: Math.round(report.windowMs), writes, refused };
      log(`    ${size} employees: ${Math.round(report.totalMs)} ms in all, writes refused for ${Math.round(report.windowMs)} ms`);
    } finally {
      stop = true;
      await writer;
      await writerRegistry.end();
      await removeTenant(adminUrl, tenant.id);
    }
  }
  results.move = { sizes, to: "dedicated:second", writer: "one client writing an employee and its event in a loop, retrying after 503 tenant_moving" };
  return results;
}
