// What the database does, not what its catalog says: the migrations it has, the plans it makes,
// the connections the app gets, and a behavioural probe as the app itself.
import { readMigrations } from "../../../migrate";
import type { Check, Finding } from "../check";
import type { CheckContext } from "../context";
import { refusedByPolicy, withProbeTenants } from "../probe";

async function appliedMigrations(ctx: CheckContext): Promise<Map<string, string>> {
  const exists = await ctx.admin.query("SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS exists");
  if (!exists.rows[0].exists) return new Map();
  const { rows } = await ctx.admin.query<{ name: string; checksum: string }>(
    `SELECT migration_name AS name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  return new Map(rows.map((r) => [r.name, r.checksum]));
}

/** Tenant tables the app may read, with their rows as the app sees them under the current binding. */
async function visibleRows(ctx: CheckContext, sql: Parameters<Parameters<typeof withProbeTenants>[1]>[0]): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const t of ctx.tenantTables) {
    const readable = await sql.query<{ ok: boolean }>("SELECT has_table_privilege($1::oid, 'SELECT') AS ok", [t.oid]);
    if (!readable.rows[0].ok) continue;
    const { rows } = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t.qualified}`);
    if (rows[0].n > 0) findings.push({ subject: t.qualified, reason: `${rows[0].n} row(s) visible` });
  }
  return findings;
}

/** Walks an EXPLAIN (FORMAT JSON) plan and collects the nodes that read `relation`. */
function scansOf(node: Record<string, unknown>, relation: string, found: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (node["Relation Name"] === relation) found.push(node);
  for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) scansOf(child, relation, found);
  return found;
}

export const liveChecks: Check[] = [
  {
    id: "migrations-applied",
    title: "Every migration in the code is applied, unchanged",
    fix: "run `npm run db:migrate`; an edited migration must become a new one",
    run: async (ctx) => {
      const applied = await appliedMigrations(ctx);
      const findings: Finding[] = [];
      for (const m of await readMigrations()) {
        const checksum = applied.get(m.name);
        if (checksum === undefined) findings.push({ subject: m.name, reason: "not applied" });
        else if (checksum !== m.checksum) findings.push({ subject: m.name, reason: "applied from a different text than the code has" });
      }
      return findings;
    },
  },
  {
    id: "no-unknown-migrations",
    title: "The database has no migration the code does not know (it is not ahead of this app)",
    fix: "deploy the app version that has these migrations, or investigate who applied them",
    run: async (ctx) => {
      const known = new Set((await readMigrations()).map((m) => m.name));
      return [...(await appliedMigrations(ctx)).keys()].filter((name) => !known.has(name)).map((name) => ({ subject: name, reason: "applied here, unknown to the code" }));
    },
  },
  {
    id: "connections-start-unbound",
    title: "A new app connection carries no tenant",
    fix: "find what presets app.tenant_id (a role or database setting, a pooler's connect query) and remove it; only a transaction may bind a tenant",
    run: async (ctx) => {
      const findings: Finding[] = [];
      // Several, so a pooler in front hands out more than one of its server connections.
      for (let i = 0; i < 3; i++) {
        const sql = await ctx.connectAsApp();
        try {
          const { rows } = await sql.query<{ tenant: string | null }>("SELECT current_setting('app.tenant_id', true) AS tenant");
          if (rows[0].tenant) findings.push({ subject: `connection ${i + 1}`, reason: `starts bound to tenant ${rows[0].tenant}` });
        } finally {
          await sql.end();
        }
      }
      return findings;
    },
  },
  {
    id: "tenant-query-uses-index",
    title: "A tenant's read of each table is answered from an index on tenant_id",
    fix: "index the table by (tenant_id, …) and keep the policy's tenant in a scalar sub-select",
    run: (ctx) =>
      withProbeTenants(ctx, async (sql) => {
        // Scans are made expensive, not impossible: the plan shows whether an index can serve the tenant.
        await sql.query("SET LOCAL enable_seqscan = off");
        const findings: Finding[] = [];
        for (const t of ctx.tenantTables) {
          const { rows } = await sql.query<{ "QUERY PLAN": [{ Plan: Record<string, unknown> }] }>(`EXPLAIN (FORMAT JSON) SELECT * FROM ${t.qualified}`);
          const scans = scansOf(rows[0]["QUERY PLAN"][0].Plan, t.name);
          const byIndex = scans.length > 0 && scans.every((s) => s["Node Type"] !== "Seq Scan" && /tenant_id/.test(JSON.stringify(s)));
          if (!byIndex) findings.push({ subject: t.qualified, reason: `planned as ${scans.map((s) => s["Node Type"]).join(", ") || "nothing"} without a tenant_id index condition` });
        }
        return findings;
      }),
  },
  {
    id: "probe-no-tenant",
    title: "Probe: with no tenant bound, the app sees no row and writes none",
    fix: "see the failing table's policy: it must compare tenant_id with current_tenant_id(), which is NULL when no tenant is bound",
    run: (ctx) =>
      withProbeTenants(ctx, async (sql, probe) => {
        await probe.bind(null);
        const findings = await visibleRows(ctx, sql);
        if (!(await refusedByPolicy(sql, "INSERT INTO projects (tenant_id, name) VALUES ($1, 'check probe, no tenant')", [probe.a])))
          findings.push({ subject: "public.projects", reason: "a row naming a tenant was not refused by row-level security with no tenant bound" });
        return findings;
      }),
  },
  {
    id: "probe-other-tenant",
    title: "Probe: tenant B cannot see, change, delete or take over tenant A's row, nor write as A",
    fix: "see the failing table's policy and grants: USING and WITH CHECK must both require the bound tenant",
    run: (ctx) =>
      withProbeTenants(ctx, async (sql, probe) => {
        const findings: Finding[] = [];
        const found = (subject: string, reason: string) => findings.push({ subject, reason });
        await probe.bind(probe.b);
        const seen = await sql.query("SELECT 1 FROM employees WHERE id = $1", [probe.employeeId]);
        if (seen.rowCount) found("public.employees", "B reads A's employee by id");
        const updated = await sql.query("UPDATE projects SET name = 'taken by B' WHERE id = $1", [probe.projectId]);
        if (updated.rowCount) found("public.projects", "B renamed A's project");
        const deleted = await sql.query("DELETE FROM employees WHERE id = $1", [probe.employeeId]);
        if (deleted.rowCount) found("public.employees", "B deleted A's employee");
        if (!(await refusedByPolicy(sql, "INSERT INTO projects (tenant_id, name) VALUES ($1, 'planted by B')", [probe.a])))
          found("public.projects", "B's row naming A was not refused by row-level security");
        await probe.bind(probe.a);
        // A project no employee points at, so only the policy can stand in the way of the move.
        const lone = await sql.query<{ id: string }>("INSERT INTO projects (name) VALUES ('check probe, to move') RETURNING id");
        if (!(await refusedByPolicy(sql, "UPDATE projects SET tenant_id = $1 WHERE id = $2", [probe.b, lone.rows[0].id])))
          found("public.projects", "moving A's row to B was not refused by row-level security");
        return findings;
      }),
  },
  {
    id: "probe-new-tenant-empty",
    title: "Probe: a tenant made a moment ago sees no row in any tenant table",
    fix: "see the failing table's policies: one of them lets rows through without the tenant",
    run: (ctx) =>
      withProbeTenants(ctx, async (sql, probe) => {
        await probe.bind(probe.b);
        return visibleRows(ctx, sql);
      }),
  },
];
