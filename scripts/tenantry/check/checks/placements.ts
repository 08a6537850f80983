// Rows where their tenant is not. A tenant's rows belong in the one database that holds it: the
// shared one, or its own. A row anywhere else is invisible to the app, missing from the tenant's
// exports, and a collision waiting for the tenant to come back (a move verifies and refuses). While
// a tenant moves, both sides hold its rows by design: it is left out until the move ends.
import { eachTenantTable, type Check } from "../check";

export const placementChecks: Check[] = [
  {
    id: "rows-where-their-tenant-is",
    title: "Every tenant row is in the database that holds its tenant",
    fix: "Move the rows to the tenant's database, or delete them (`tenantry tenants show <slug>` says where it lives)",
    run: (ctx) =>
      eachTenantTable(ctx, async (t) => {
        const { rows } = await ctx.admin.query<{ rows: number; tenants: number }>(
          `SELECT count(*)::int AS rows, count(DISTINCT r.tenant_id)::int AS tenants FROM ${t.qualified} r
           WHERE NOT coalesce(directory.holds_rows_of(r.tenant_id), false)
             AND NOT EXISTS (SELECT 1 FROM tenants m WHERE m.id = r.tenant_id AND m.placement_state IN ('copying', 'moving'))`,
        );
        const found = rows[0];
        return found.rows ? `${found.rows} rows of ${found.tenants} tenants this database does not hold` : null;
      }),
  },
];
