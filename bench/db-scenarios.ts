// Scenarios 1–4: the same page of 25 employees (and the same write) through raw pg, plain Prisma
// with no scoping, and Tenantry's public entry point. The unscoped baselines connect as the
// owner role, which has BYPASSRLS: they pay nothing for row-level security at all.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { SYSTEM_ACTOR } from "@/lib/events/actor";
import { eventRow, recordEvent } from "@/lib/events/record-event";
import { DatabaseRegistry } from "@/lib/tenancy/db/database-registry";
import { createPrismaClient } from "@/lib/tenancy/db/prisma-client";
import { interleave, ratio } from "./measure";

const POOL = 10;
const PAGE_SQL = `SELECT id, name, email, title, department, project_id FROM employees
                  WHERE tenant_id = $1 ORDER BY name, id LIMIT 25`;
const select = { id: true, name: true, email: true, title: true, department: true, projectId: true } as const;
const orderBy = [{ name: "asc" as const }, { id: "asc" as const }];

export async function dbScenarios(opts: { appUrl: string; adminUrl: string; tenantIds: string[]; rounds: number; ops: number }) {
  const raw = new pg.Pool({ connectionString: opts.adminUrl, max: POOL });
  const plain = createPrismaClient(opts.adminUrl, { poolSize: POOL });
  const registry = new DatabaseRegistry({ url: opts.appUrl, poolSize: POOL, binding: "pipelined" });
  const scoped = { client: (id: string) => registry.clientFor({ id, placement: "shared" }) };
  let i = 0;
  const tenant = () => opts.tenantIds[i++ % opts.tenantIds.length];

  const reads = {
    raw: () => raw.query(PAGE_SQL, [tenant()]),
    prisma: () => plain.prisma.employee.findMany({ where: { tenantId: tenant() }, orderBy, take: 25, select }),
    // Exactly what the pipeline hands to app code.
    "scoped-read": () => scoped.client(tenant()).employee.findMany({ orderBy, take: 25, select }),
  };
  // Sanity: every variant returns the same full page, so none is measuring an empty result.
  const t = opts.tenantIds[0];
  const counts = [
    (await raw.query(PAGE_SQL, [t])).rowCount,
    (await plain.prisma.employee.findMany({ where: { tenantId: t }, orderBy, take: 25, select })).length,
    (await scoped.client(t).employee.findMany({ orderBy, take: 25, select })).length,
  ];
  if (counts.some((c) => c !== 25)) {
    throw new Error(`expected 25 rows from every variant, got ${counts}: does the DATABASE_ADMIN_URL role have BYPASSRLS?`);
  }

  const employee = () => ({ name: "Bench", email: `bench-${randomUUID()}@bench.test`, title: "T", department: "D" });
  const writes = {
    // What the app does: the row and its event (checked against the catalogue), atomically, in the tenant's transaction.
    "scoped-write": () =>
      scoped.client(tenant()).$transaction(async (db) => {
        const e = await db.employee.create({ data: employee(), select: { id: true, name: true } });
        await recordEvent(db, "employee.created", { id: e.id, name: e.name }, SYSTEM_ACTOR);
      }),
    // The same two inserts, atomically, in plain Prisma with the tenant passed by hand.
    "prisma-write": () => {
      const tenantId = tenant();
      const id = randomUUID();
      return plain.prisma.$transaction([
        plain.prisma.employee.create({ data: { id, tenantId, ...employee() }, select: { id: true } }),
        plain.prisma.event.create({ data: { tenantId, ...eventRow("employee.created", { id, name: "Bench" }, SYSTEM_ACTOR) } }),
      ]);
    },
    // A lone create with no event and no transaction: the floor for any write.
    "prisma-create": () => plain.prisma.employee.create({ data: { tenantId: tenant(), ...employee() }, select: { id: true } }),
  };

  try {
    const result: Record<string, unknown> = {};
    const timings: Record<string, Record<string, number>> = {};
    const record = (concurrency: number, measured: Record<string, { median: number; usPerOp: number[] }>) => {
      for (const [name, timing] of Object.entries(measured)) {
        (timings[name] ??= {})[`c${concurrency}`] = timing.median;
        (result[name] ??= {}) as object;
        Object.assign(result[name] as object, { [`c${concurrency}UsPerOp`]: timing.median, [`c${concurrency}Samples`]: timing.usPerOp });
      }
    };
    // Every read phase on the same data and fresh statistics, before any write adds rows: the
    // sequential and concurrent reads are measured on the same plan.
    await raw.query("ANALYZE employees");
    for (const concurrency of [1, 16]) record(concurrency, await interleave(reads, { rounds: opts.rounds, ops: opts.ops, concurrency }));
    for (const concurrency of [1, 16]) record(concurrency, await interleave(writes, { rounds: opts.rounds, ops: Math.ceil(opts.ops / 2), concurrency }));
    Object.assign(result.raw as object, { ratio: ratio(timings.raw.c16, timings.prisma.c16), shape: "pg.Pool as the owner role (BYPASSRLS): one statement, the tenant filter written by hand" });
    Object.assign(result.prisma as object, { ratio: 1, shape: "plain Prisma as the owner role (BYPASSRLS): one findMany, the tenant filter by hand, no transaction" });
    Object.assign(result["scoped-read"] as object, {
      ratio: ratio(timings["scoped-read"].c16, timings.prisma.c16),
      sequentialRatio: ratio(timings["scoped-read"].c1, timings.prisma.c1),
      shape: "the app's role under row-level security: one findMany bound to the tenant (with its statement timeout and application_name) in the same round trip",
      baseline: "prisma",
    });
    Object.assign(result["scoped-write"] as object, {
      ratio: ratio(timings["scoped-write"].c16, timings["prisma-write"].c16),
      sequentialRatio: ratio(timings["scoped-write"].c1, timings["prisma-write"].c1),
      ratioVsLoneCreate: ratio(timings["scoped-write"].c16, timings["prisma-create"].c16),
      baseline: "prisma-write: the same employee + event inserts in one plain Prisma $transaction",
      prismaWrite: result["prisma-write"],
      prismaCreate: result["prisma-create"],
    });
    return { raw: result.raw, prisma: result.prisma, "scoped-read": result["scoped-read"], "scoped-write": result["scoped-write"] };
  } finally {
    await Promise.all([raw.end(), plain.end(), registry.end()]);
    const cleanup = new pg.Client({ connectionString: opts.adminUrl });
    await cleanup.connect();
    await cleanup.query(`WITH gone AS (DELETE FROM employees WHERE email LIKE 'bench-%@bench.test' RETURNING id::text)
                         DELETE FROM events WHERE subject_id::text IN (SELECT id FROM gone)`);
    await cleanup.end();
  }
}
