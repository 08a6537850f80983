// Scenario 6: the scoped page of 25 employees for a random tenant, in a database of 10 tenants
// against one of 10,000 tenants with 1,000,000 employees. With the tenant_id index in use the
// cost should not grow with the table; EXPLAIN shows which plan Postgres chose.
import pg from "pg";
import { ensureAppLogin, migrate } from "../scripts/migrate";
import { DatabaseRegistry } from "@/lib/tenancy/db/database-registry";
import { interleave, ratio } from "./measure";

const PER_TENANT = 100;
const SIZES = { small: 10, large: 10_000 } as const;

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** A database with `tenants` tenants of PER_TENANT employees each; kept between runs. */
async function prepare(adminUrl: string, appUrl: string, tenants: number, log: (s: string) => void) {
  const name = `tenantry_bench_${tenants}`;
  const exists = await query(adminUrl, "SELECT 1 FROM pg_database WHERE datname = $1", [name]);
  if (exists.length === 0) await query(adminUrl, `CREATE DATABASE ${name}`);
  const admin = withDatabase(adminUrl, name);
  const app = withDatabase(appUrl, name);
  await migrate(admin, () => {});
  await ensureAppLogin(admin, app);
  const [{ t, e }] = await query<{ t: number; e: number }>(
    admin,
    "SELECT (SELECT count(*) FROM tenants)::int AS t, (SELECT count(*) FROM employees)::int AS e",
  );
  if (t !== tenants || e !== tenants * PER_TENANT) {
    log(`generating ${tenants} tenants × ${PER_TENANT} employees in ${name} …`);
    await query(admin, "TRUNCATE tenants CASCADE");
    await query(admin, "INSERT INTO tenants (slug, name, plan) SELECT 'scale-' || g, 'Scale ' || g, 'enterprise' FROM generate_series(1, $1) g", [tenants]);
    await query(
      admin,
      `INSERT INTO employees (tenant_id, name, email, title, department)
       SELECT t.id, 'Person ' || lpad(g::text, 3, '0'), 'p' || g || '@' || t.slug || '.test', 'Engineer', 'R&D'
       FROM tenants t CROSS JOIN generate_series(1, $1) g`,
      [PER_TENANT],
    );
  }
  await query(admin, "ANALYZE");
  const ids = (await query<{ id: string }>(admin, "SELECT id FROM tenants")).map((r) => r.id);
  return { db: new DatabaseRegistry({ url: app, poolSize: 10, binding: "pipelined" }), ids };
}

export async function scaleScenario(opts: { adminUrl: string; appUrl: string; rounds: number; ops: number; log: (s: string) => void }) {
  const small = await prepare(opts.adminUrl, opts.appUrl, SIZES.small, opts.log);
  const large = await prepare(opts.adminUrl, opts.appUrl, SIZES.large, opts.log);
  const orderBy = [{ name: "asc" as const }, { id: "asc" as const }];
  const page = (t: typeof small) => () =>
    t.db.clientFor({ id: t.ids[Math.floor(Math.random() * t.ids.length)], placement: "shared" }).employee.findMany({ orderBy, take: 25 });
  try {
    const c1 = await interleave({ small: page(small), large: page(large) }, { rounds: opts.rounds, ops: opts.ops, concurrency: 1 });
    const c16 = await interleave({ small: page(small), large: page(large) }, { rounds: opts.rounds, ops: opts.ops, concurrency: 16 });
    const plan = await large.db.run({ id: large.ids[0], placement: "shared" }, async (db) => {
      const rows = await db.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
        "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT * FROM employees ORDER BY name, id LIMIT 25",
      );
      return rows.map((r) => r["QUERY PLAN"]);
    });
    return {
      tenants: SIZES,
      employees: { small: SIZES.small * PER_TENANT, large: SIZES.large * PER_TENANT },
      small: { c1UsPerOp: c1.small.median, c16UsPerOp: c16.small.median, c16Samples: c16.small.usPerOp },
      large: { c1UsPerOp: c1.large.median, c16UsPerOp: c16.large.median, c16Samples: c16.large.usPerOp },
      ratio: ratio(c16.large.median, c16.small.median),
      sequentialRatio: ratio(c1.large.median, c1.small.median),
      indexUsed: plan.some((line) => line.includes("employees_tenant_id_name_id_idx")),
      explain: plan,
    };
  } finally {
    await Promise.all([small.db.end(), large.db.end()]);
  }
}
