// The export format: one JSON-lines file (gzip when its name ends in .gz). The first line is the
// header (format version, the schema it was written from, the tenant's directory entry); then one
// line per row, {"t": table, "r": row}, table after table in the order below; the last line is the
// manifest (each table's row count and the sha256 of its lines). Rows are Postgres's own JSON of
// the row (to_jsonb), so restoring them (jsonb_populate_recordset) gives back every value exactly.
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { createInterface } from "node:readline";
import { Writable, type Readable } from "node:stream";
import { createGunzip, createGzip } from "node:zlib";
import { TENANT_TABLES } from "@/lib/tenancy/db/tenant-tables";

export const FORMAT = "tenantry-export";
export const FORMAT_VERSION = 1;

/**
 * What is exported, in the order a restore must insert it (foreign keys first), each table sorted
 * by its key (the same data always gives the same file). `users` are the accounts the tenant's rows name (members, the
 * creators of its keys and invitations): control-plane rows, exported so a restore on another
 * database has them.
 */
export const EXPORT_TABLES = [
  { table: "users", key: "id" },
  { table: "memberships", key: "user_id" },
  { table: "projects", key: "id" },
  { table: "employees", key: "id" },
  { table: "api_keys", key: "id" },
  { table: "invitations", key: "id" },
  { table: "domains", key: "hostname" },
  { table: "events", key: "id" },
] as const;

export type ExportTable = (typeof EXPORT_TABLES)[number]["table"];

// Every tenant table of the manifest must be exported: a table added to the schema and the
// manifest but not here would be silently left out of every backup.
const missing = TENANT_TABLES.filter((t) => !EXPORT_TABLES.some((e) => e.table === t));
if (missing.length > 0) throw new Error(`tenant tables missing from the export format: ${missing.join(", ")}`);

export type ExportHeader = {
  format: typeof FORMAT;
  version: number;
  /** The last migration of the database it was written from. */
  schema: string;
  exportedAt: string;
  tenant: { id: string; slug: string; name: string; plan: string; status: string; created_at: string };
};

export type TableDigest = { rows: number; sha256: string };
export type ExportManifest = { manifest: { tables: Record<string, TableDigest> } };
export type RowLine = { t: ExportTable; r: Record<string, unknown> };

const gzipped = (file: string) => file.endsWith(".gz");

/** A line writer that waits when the file (or gzip) falls behind, so memory stays flat; a write error rejects. */
export function lineWriter(file: string) {
  // Readable by its owner only: it holds password and key hashes.
  const out = createWriteStream(file, { mode: 0o600 });
  const sink: Writable = gzipped(file) ? createGzip() : out;
  if (sink !== out) sink.pipe(out);
  const failed = new Promise<never>((_, reject) => {
    out.once("error", reject);
    sink.once("error", reject);
  });
  failed.catch(() => {}); // awaited below, where it matters
  return {
    async write(line: string) {
      if (!sink.write(`${line}\n`)) await Promise.race([once(sink, "drain"), failed]);
    },
    async close() {
      sink.end();
      await Promise.race([once(out, "finish"), failed]);
    },
  };
}

/** The file's lines, one at a time; a file that cannot be read (or unzipped) throws, it does not crash. */
export async function* lineReader(file: string): AsyncGenerator<string> {
  const input: Readable = createReadStream(file);
  const source = gzipped(file) ? input.pipe(createGunzip()) : input;
  const lines = createInterface({ input: source, crlfDelay: Infinity });
  // readline does not pass its input's errors on: end the lines, then throw what happened.
  let failure: Error | null = null;
  const fail = (error: Error) => {
    failure ??= error;
    lines.close();
  };
  input.on("error", fail);
  source.on("error", fail);
  for await (const line of lines) yield line;
  if (failure) throw failure;
}
