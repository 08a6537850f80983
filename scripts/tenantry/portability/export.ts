import pg from "pg";
import { TenancyError } from "@/lib/errors";
import { lineWriter, type ExportHeader, type ExportManifest } from "@/lib/portability/export-format";
import { writeTenantExport } from "@/lib/tenancy/db/tenant-export";
import { withPgClient } from "../../pg-client";
import { dedicatedDatabaseOf } from "../placements/dedicated-database";

/**
 * Export and erasure read and delete every tenant's rows, which only a role that bypasses
 * row-level security sees (the tables FORCE it): with any other role they would find nothing and
 * say so with a straight face. Refuse instead.
 */
export async function assertSeesEveryTenant(sql: pg.ClientBase): Promise<void> {
  const { rows } = await sql.query<{ ok: boolean }>("SELECT rolsuper OR rolbypassrls AS ok FROM pg_roles WHERE rolname = current_user");
  if (!rows[0]?.ok) throw new TenancyError("forbidden", "DATABASE_ADMIN_URL must be the schema owner's role with BYPASSRLS: with row-level security in force it would see no tenant's rows.");
}

/**
 * Writes the tenant's complete data to `file`, read through cursors in one consistent snapshot
 * (REPEATABLE READ) and written as it is read, so memory stays flat however large the tenant is.
 * Runs as the owner: every table, whatever the tenant's status. A dedicated tenant's rows are read
 * in its own database; its directory entry (the export's header) always comes from the control plane.
 */
export async function exportTenant(adminUrl: string, slug: string, file: string, progress: (rows: number) => void = () => {}): Promise<ExportManifest["manifest"] & { header: ExportHeader }> {
  const tenant = await directoryEntry(adminUrl, slug);
  const sql = new pg.Client({ connectionString: tenant.rowsAdminUrl });
  await sql.connect();
  const out = lineWriter(file);
  try {
    await assertSeesEveryTenant(sql);
    await sql.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const result = await writeTenantExport(sql, tenant.row.id, out, { passwords: true, progress, tenant: tenant.row });
    await sql.query("COMMIT");
    await out.close();
    return result;
  } catch (error) {
    await out.close().catch(() => {});
    throw error;
  } finally {
    await sql.end();
  }
}

/** The tenant's row in the control plane, and the owner's connection to the database holding its rows. */
async function directoryEntry(adminUrl: string, slug: string): Promise<{ row: ExportHeader["tenant"]; rowsAdminUrl: string }> {
  return withPgClient(adminUrl, async (sql) => {
    const { rows } = await sql.query<{ id: string; row: ExportHeader["tenant"] }>("SELECT id, to_jsonb(t) AS row FROM tenants t WHERE slug = $1", [slug]);
    if (!rows[0]) throw new TenancyError("tenant_not_found", `No workspace is called ${slug}.`);
    const dedicated = await dedicatedDatabaseOf(sql, rows[0].id);
    return { row: rows[0].row, rowsAdminUrl: dedicated?.adminUrl ?? adminUrl };
  });
}
