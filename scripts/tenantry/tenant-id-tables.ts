import type pg from "pg";

/** A table with a tenant_id column, as the catalog lists it. */
export type TenantIdTable = { oid: number; schema: string; name: string; qualified: string };

/** The control plane's schema: its tables carry tenant_id as a key, not as tenant data. */
export const CONTROL_PLANE_SCHEMA = "directory";
export const SYSTEM_SCHEMAS = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'";

/**
 * Every table with a tenant_id column, from the catalog (never from a list the code keeps): the
 * tenant tables, and with `controlPlane` the control plane's own tables that name tenants too.
 */
export async function tablesWithTenantId(sql: pg.ClientBase, { controlPlane }: { controlPlane: boolean }): Promise<TenantIdTable[]> {
  const { rows } = await sql.query<TenantIdTable>(
    `SELECT c.oid::int AS oid, n.nspname AS schema, c.relname AS name, format('%I.%I', n.nspname, c.relname) AS qualified
     FROM pg_class c
     JOIN pg_namespace n ON n.oid = c.relnamespace
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
     WHERE c.relkind IN ('r', 'p') AND ${SYSTEM_SCHEMAS} AND ($1 OR n.nspname <> $2)
     ORDER BY 4`,
    [controlPlane, CONTROL_PLANE_SCHEMA],
  );
  return rows;
}
