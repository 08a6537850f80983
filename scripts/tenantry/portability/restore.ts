import { createHash } from "node:crypto";
import pg from "pg";
import { TenancyError } from "@/lib/errors";
import { readMigrations } from "../../migrate";
import { schemaVersion } from "@/lib/tenancy/db/tenant-export";
import { EXPORT_TABLES, FORMAT, FORMAT_VERSION, lineReader, type ExportHeader, type ExportManifest, type RowLine } from "@/lib/portability/export-format";

const BATCH = 1000;

export type RestoreOptions = { slug?: string; status?: "active" | "suspended" | "inactive" };

const refuse = (message: string) => new TenancyError("invalid_request", message);

/** Inserts a batch of one table's rows exactly as exported (ids, timestamps, hashes and all). */
async function insertRows(sql: pg.ClientBase, table: string, rows: unknown[]) {
  if (rows.length === 0) return;
  // Accounts may already be here (the same database, or a member of another workspace): keep them.
  const conflict = table === "users" ? " ON CONFLICT (id) DO NOTHING" : "";
  const overriding = table === "events" ? " OVERRIDING SYSTEM VALUE" : "";
  await sql.query(`INSERT INTO ${table}${overriding} SELECT * FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)${conflict}`, [JSON.stringify(rows)]);
}

/**
 * Restores an export into this database as a new workspace (its id, and its address unless given
 * another), in one transaction: everything or nothing. The file must come from this schema
 * version; its rows are checked against its manifest (count and sha256 per table) before commit.
 */
export async function restoreTenant(adminUrl: string, file: string, options: RestoreOptions = {}, progress: (rows: number) => void = () => {}) {
  const lines = lineReader(file);
  let header: ExportHeader;
  try {
    const first = await lines.next();
    header = JSON.parse(first.done ? "" : first.value);
  } catch (error) {
    const reason = error instanceof SyntaxError ? "its first line is not a header" : (error as Error).message;
    throw refuse(`${file} is not a readable Tenantry export (${reason}).`);
  }
  if (header.format !== FORMAT || header.version !== FORMAT_VERSION) throw refuse(`${file} is not a Tenantry export of format version ${FORMAT_VERSION}.`);
  const codeSchema = (await readMigrations()).at(-1)?.name;
  if (header.schema !== codeSchema) {
    throw refuse(`${file} was written from schema ${header.schema}; this version of Tenantry has schema ${codeSchema}. Restore it with the version that wrote it, then migrate.`);
  }

  const sql = new pg.Client({ connectionString: adminUrl });
  await sql.connect();
  try {
    if ((await schemaVersion(sql)) !== codeSchema) throw refuse(`The target database is not at schema ${codeSchema}: run \`npm run db:migrate\` first.`);
    await sql.query("BEGIN");
    const tenant = { ...header.tenant, slug: options.slug ?? header.tenant.slug, status: options.status ?? header.tenant.status };
    const clash = await sql.query<{ slug: string }>("SELECT slug FROM tenants WHERE id = $1 OR slug = $2", [tenant.id, tenant.slug]);
    if (clash.rows[0]) throw refuse(`A workspace (${clash.rows[0].slug}) already has this one's id or address here: restore into a database without it, or give --slug.`);
    const tomb = await sql.query<{ id: string }>("SELECT id FROM directory.tombstones WHERE slug = $1 AND id <> $2", [tenant.slug, tenant.id]);
    if (tomb.rows[0]) throw refuse(`The address ${tenant.slug} belonged to another, deleted workspace: give --slug.`);
    await sql.query("INSERT INTO tenants SELECT * FROM jsonb_populate_record(NULL::tenants, $1::jsonb)", [JSON.stringify(tenant)]);
    // Restoring the workspace lifts its own tombstone.
    await sql.query("DELETE FROM directory.tombstones WHERE id = $1", [tenant.id]);

    const seen = new Map<string, { rows: number; hash: ReturnType<typeof createHash> }>();
    let table: string | null = null;
    let batch: unknown[] = [];
    let manifest: ExportManifest["manifest"] | null = null;
    let restored = 0;
    for await (const line of lines) {
      if (manifest) throw refuse(`${file} has lines after its manifest.`);
      const parsed = JSON.parse(line) as RowLine | ExportManifest;
      if ("manifest" in parsed) {
        manifest = parsed.manifest;
        continue;
      }
      if (!EXPORT_TABLES.some((e) => e.table === parsed.t)) throw refuse(`${file} has rows of an unknown table: ${String(parsed.t).slice(0, 40)}.`);
      if (parsed.t !== "users" && parsed.r.tenant_id !== tenant.id) throw refuse(`${file} has a ${parsed.t} row of another tenant.`);
      if (parsed.t !== table || batch.length >= BATCH) {
        if (table) await insertRows(sql, table, batch);
        restored += batch.length;
        progress(restored);
        batch = [];
        table = parsed.t;
      }
      batch.push(parsed.r);
      const digest = seen.get(parsed.t) ?? { rows: 0, hash: createHash("sha256") };
      digest.rows += 1;
      digest.hash.update(`${line}\n`);
      seen.set(parsed.t, digest);
    }
    if (table) await insertRows(sql, table, batch);
    restored += batch.length;
    progress(restored);
    if (!manifest) throw refuse(`${file} ends without its manifest: it is incomplete.`);
    for (const { table: name } of EXPORT_TABLES) {
      const expected = manifest.tables[name] ?? { rows: 0, sha256: createHash("sha256").digest("hex") };
      const got = seen.get(name);
      const actual = { rows: got?.rows ?? 0, sha256: (got?.hash ?? createHash("sha256")).digest("hex") };
      if (actual.rows !== expected.rows || actual.sha256 !== expected.sha256) {
        throw refuse(`${file}: the ${name} rows do not match the manifest (${actual.rows} rows read, ${expected.rows} expected, or different contents). Nothing was restored.`);
      }
    }
    // Event ids were kept; the next one must come after them (and the sequence never goes back).
    await sql.query(
      `SELECT setval(s, GREATEST((SELECT coalesce(max(id), 1) FROM events), coalesce(pg_sequence_last_value(s::regclass), 1)))
       FROM pg_get_serial_sequence('events', 'id') AS s`,
    );
    await sql.query("SELECT pg_notify('tenantry_directory', $1)", [tenant.id]); // instances may remember the address as free
    await sql.query("COMMIT");
    return { tenantId: tenant.id, slug: tenant.slug, rows: Object.fromEntries([...seen].map(([name, d]) => [name, d.rows])) };
  } catch (error) {
    await sql.query("ROLLBACK").catch(() => {});
    if (error instanceof TenancyError) throw error;
    // The database refused a row, or the file broke off (a bad line, a corrupt gzip): the operator's to look at.
    const detail = error instanceof pg.DatabaseError && error.detail ? ` (${error.detail})` : "";
    throw refuse(`Nothing was restored: ${(error as Error).message}${detail}.`);
  } finally {
    await sql.end();
  }
}
