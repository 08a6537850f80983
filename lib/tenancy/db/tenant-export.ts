import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { createGzip } from "node:zlib";
import pg from "pg";
import { TenancyError } from "@/lib/errors";
import { EXPORT_TABLES, FORMAT, FORMAT_VERSION, type ExportHeader, type ExportManifest, type TableDigest } from "@/lib/portability/export-format";

// A tenant's export (lib/portability/export-format.ts), read through cursors in one consistent
// snapshot and written as it is read, so memory stays flat however large the tenant is. The
// operator CLI writes it with the owner's role to a file; an owner downloads it through the app,
// on the app's role, where row-level security itself keeps it to the bound tenant.

const BATCH = 2000;

/** Where export lines go; `write` waits while the destination falls behind. */
export type LineSink = { write(line: string): Promise<void> };

/** The rows of `table` that belong to the tenant: its own rows, or for users the accounts its rows name. */
function belongsToTenant(table: string): string {
  return table === "users"
    ? `id IN (SELECT user_id FROM memberships WHERE tenant_id = $1
              UNION SELECT created_by FROM api_keys WHERE tenant_id = $1
              UNION SELECT invited_by FROM invitations WHERE tenant_id = $1)`
    : "tenant_id = $1";
}

/** The last migration applied to the database on `sql`: the schema version an export is written from. */
export async function schemaVersion(sql: pg.ClientBase): Promise<string> {
  const { rows } = await sql.query<{ name: string }>("SELECT schema_version() AS name");
  return rows[0].name;
}

/**
 * Writes header, rows and manifest of the tenant to `out`, inside the REPEATABLE READ transaction
 * the caller opened on `sql`. Without `passwords`, accounts leave out their password hash: an
 * owner's download carries the workspace's data, not its members' credentials. The header's
 * tenant row is `tenant` when given (the control plane's, for rows read in a dedicated database,
 * whose own copy dates from its move), else the one on `sql`.
 */
export async function writeTenantExport(
  sql: pg.ClientBase,
  tenantId: string,
  out: LineSink,
  { passwords, progress = () => {}, tenant }: { passwords: boolean; progress?: (rows: number) => void; tenant?: ExportHeader["tenant"] },
): Promise<ExportManifest["manifest"] & { header: ExportHeader }> {
  const row = tenant ?? (await sql.query<{ row: ExportHeader["tenant"] }>("SELECT to_jsonb(t) AS row FROM tenants t WHERE id = $1", [tenantId])).rows[0]?.row;
  if (!row) throw new TenancyError("tenant_not_found", `No workspace has the id ${tenantId}.`);
  const header: ExportHeader = { format: FORMAT, version: FORMAT_VERSION, schema: await schemaVersion(sql), exportedAt: new Date().toISOString(), tenant: row };
  await out.write(JSON.stringify(header));
  const tables: Record<string, TableDigest> = {};
  let written = 0;
  for (const { table, key } of EXPORT_TABLES) {
    const hash = createHash("sha256");
    let rows = 0;
    const row = table === "users" && !passwords ? "to_jsonb(t) - 'password_hash'" : "to_jsonb(t)";
    // A cursor in the snapshot: one sorted read, fetched a batch at a time.
    await sql.query(`DECLARE rows_of_${table} NO SCROLL CURSOR FOR SELECT ${row} AS row FROM ${table} t WHERE ${belongsToTenant(table)} ORDER BY t.${key}`, [tenantId]);
    for (;;) {
      const batch = await sql.query<{ row: Record<string, unknown> }>(`FETCH ${BATCH} FROM rows_of_${table}`);
      for (const { row: value } of batch.rows) {
        const line = JSON.stringify({ t: table, r: value });
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
  return { header, tables };
}

/**
 * The tenant's export as a gzipped byte stream, read on `url` (the app's role) bound to the
 * tenant: one connection of its own for the snapshot, ended when the stream ends or is abandoned.
 */
export function tenantExportStream(url: string, tenant: { id: string }): ReadableStream<Uint8Array> {
  const gzip = createGzip();
  const sink: LineSink = {
    async write(line) {
      if (!gzip.write(`${line}\n`)) await new Promise((resolve) => gzip.once("drain", resolve));
    },
  };
  const sql = new pg.Client({ connectionString: url });
  // The connection lost between two queries: the download fails (a truncated gzip), nothing goes uncaught.
  sql.on("error", (error) => gzip.destroy(error));
  const done = (async () => {
    await sql.connect();
    await sql.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    await sql.query("SELECT set_config('app.tenant_id', $1, true)", [tenant.id]);
    await writeTenantExport(sql, tenant.id, sink, { passwords: false });
    await sql.query("COMMIT");
    gzip.end();
  })();
  // Ends the connection once, when the export is done or fails, or when the reader goes away.
  let ended = false;
  const end = () => {
    if (!ended) void sql.end().catch(() => {});
    ended = true;
  };
  done.catch((error: unknown) => gzip.destroy(error instanceof Error ? error : new Error(String(error)))).finally(end);
  gzip.once("close", end);
  return Readable.toWeb(gzip) as ReadableStream<Uint8Array>;
}
