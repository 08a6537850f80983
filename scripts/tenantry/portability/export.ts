import { createHash } from "node:crypto";
import pg from "pg";
import { TenancyError } from "@/lib/errors";
import { EXPORT_TABLES, FORMAT, FORMAT_VERSION, lineWriter, type ExportHeader, type ExportManifest, type TableDigest } from "./format";

const BATCH = 2000;

/** The rows of `table` that belong to the tenant: its own rows, or for users the accounts its rows name. */
function belongsToTenant(table: string): string {
  return table === "users"
    ? `id IN (SELECT user_id FROM memberships WHERE tenant_id = $1
              UNION SELECT created_by FROM api_keys WHERE tenant_id = $1
              UNION SELECT invited_by FROM invitations WHERE tenant_id = $1)`
    : "tenant_id = $1";
}

/**
 * Export and erasure read and delete every tenant's rows, which only a role that bypasses
 * row-level security sees (the tables FORCE it): with any other role they would find nothing and
 * say so with a straight face. Refuse instead.
 */
export async function assertSeesEveryTenant(sql: pg.ClientBase): Promise<void> {
  const { rows } = await sql.query<{ ok: boolean }>("SELECT rolsuper OR rolbypassrls AS ok FROM pg_roles WHERE rolname = current_user");
  if (!rows[0]?.ok) throw new TenancyError("forbidden", "DATABASE_ADMIN_URL must be the schema owner's role with BYPASSRLS: with row-level security in force it would see no tenant's rows.");
}

/** The last migration applied to the database on `sql`: the schema version an export is written from. */
export async function schemaVersion(sql: pg.ClientBase): Promise<string> {
  const { rows } = await sql.query<{ name: string | null }>(
    "SELECT max(migration_name) AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
  );
  return rows[0].name ?? "none";
}

/**
 * Writes the tenant's complete data to `file`, read through cursors in one consistent snapshot
 * (REPEATABLE READ) and written as it is read, so memory stays flat however large the tenant is.
 * Runs as the owner: every table, whatever the tenant's status.
 */
export async function exportTenant(adminUrl: string, slug: string, file: string, progress: (rows: number) => void = () => {}): Promise<ExportManifest["manifest"] & { header: ExportHeader }> {
  const sql = new pg.Client({ connectionString: adminUrl });
  await sql.connect();
  const out = lineWriter(file);
  try {
    await assertSeesEveryTenant(sql);
    await sql.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const tenant = await sql.query<{ id: string; row: ExportHeader["tenant"] }>("SELECT id, to_jsonb(t) AS row FROM tenants t WHERE slug = $1", [slug]);
    if (!tenant.rows[0]) throw new TenancyError("tenant_not_found", `No workspace is called ${slug}.`);
    const tenantId = tenant.rows[0].id;
    const header: ExportHeader = { format: FORMAT, version: FORMAT_VERSION, schema: await schemaVersion(sql), exportedAt: new Date().toISOString(), tenant: tenant.rows[0].row };
    await out.write(JSON.stringify(header));
    const tables: Record<string, TableDigest> = {};
    let written = 0;
    for (const { table, key } of EXPORT_TABLES) {
      const hash = createHash("sha256");
      let rows = 0;
      // A cursor in the snapshot: one sorted read, fetched a batch at a time.
      await sql.query(`DECLARE rows_of_${table} NO SCROLL CURSOR FOR SELECT to_jsonb(t) AS row FROM ${table} t WHERE ${belongsToTenant(table)} ORDER BY t.${key}`, [tenantId]);
      for (;;) {
        const batch = await sql.query<{ row: Record<string, unknown> }>(`FETCH ${BATCH} FROM rows_of_${table}`);
        for (const { row } of batch.rows) {
          const line = JSON.stringify({ t: table, r: row });
          hash.update(`${line}\n`);
          await out.write(line);
        }
        rows += batch.rows.length;
        written += batch.rows.length;
        progress(written);
        if (batch.rows.length < BATCH) break;
      }
      await sql.query(`CLOSE rows_of_${table}`);
      tables[table] = { rows, sha256: hash.digest("hex") };
    }
    const manifest: ExportManifest = { manifest: { tables } };
    await out.write(JSON.stringify(manifest));
    await sql.query("COMMIT");
    await out.close();
    return { header, tables };
  } catch (error) {
    await out.close().catch(() => {});
    throw error;
  } finally {
    await sql.end();
  }
}
