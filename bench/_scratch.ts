import { createPrismaClient } from "@/lib/tenancy/prisma-client";
import { TenantDatabase } from "@/lib/tenancy/tenant-database";
import { interleave } from "@/bench/measure";
import pg from "pg";
const admin = process.env.DATABASE_ADMIN_URL!, app = process.env.DATABASE_URL!;
const c = new pg.Client({connectionString: admin}); await c.connect();
const tid = (await c.query("select id from tenants where slug='acme'")).rows[0].id; await c.end();
const A = createPrismaClient(admin, 10); const T = new TenantDatabase(app, 10);
const orderBy = [{ name: "asc" as const }, { id: "asc" as const }];
console.log((await T.client(tid).employee.findMany({ orderBy, take: 25 })).length, await T.client(tid).employee.count());
const r = await interleave({
  plain: () => A.prisma.employee.findMany({ where: { tenantId: tid }, orderBy, take: 25 }),
  scopedItx: () => T.run(tid, tx => tx.employee.findMany({ orderBy, take: 25 })),
  scoped: () => T.client(tid).employee.findMany({ orderBy, take: 25 }),
}, { rounds: 5, ops: 400, concurrency: 16 });
for (const [k, v] of Object.entries(r)) console.log(k.padEnd(12), v.median);
await A.end(); await T.end();
