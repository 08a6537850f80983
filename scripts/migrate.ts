// Applies prisma/migrations/*/migration.sql in order, recording each in _prisma_migrations exactly
// as `prisma migrate deploy` does. Hand-written because `migrate deploy` needs Prisma's native
// schema engine, which cannot be downloaded here, and off-the-shelf runners keep their own
// history tables; with this one a user with internet can switch to `prisma migrate deploy`.
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { env } from "@/lib/env";

const MIGRATIONS_DIR = path.join(import.meta.dirname, "..", "prisma", "migrations");
// Prisma's own advisory lock key, so this runner and `migrate deploy` never run at once.
const PRISMA_LOCK_KEY = 72707369;

const HISTORY_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export type Migration = { name: string; sql: string; checksum: string };

export async function readMigrations(): Promise<Migration[]> {
  const entries = await readdir(MIGRATIONS_DIR, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(MIGRATIONS_DIR, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

/** Applies pending migrations; returns the names applied. Each one commits with its record or not at all. */
export async function migrate(adminUrl: string, log = console.log): Promise<string[]> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_LOCK_KEY]);
    await client.query(HISTORY_TABLE);
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations"
       WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const applied = new Map(rows.map((r) => [r.migration_name, r.checksum]));
    const done: string[] = [];
    for (const m of await readMigrations()) {
      const recorded = applied.get(m.name);
      if (recorded !== undefined) {
        if (recorded !== m.checksum) {
          throw new Error(`Migration ${m.name} was edited after it was applied (checksum differs).`);
        }
        continue;
      }
      await client.query("BEGIN");
      try {
        await client.query(m.sql); // no parameters: the simple protocol runs every statement
        await client.query(
          `INSERT INTO "_prisma_migrations"
             (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), now(), 1)`,
          [randomUUID(), m.checksum, m.name],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${m.name} failed: ${(error as Error).message}`);
      }
      log(`applied ${m.name}`);
      done.push(m.name);
    }
    return done;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_LOCK_KEY]).catch(() => {});
    await client.end();
  }
}

/**
 * Makes the LOGIN role named in the app's DATABASE_URL a member of tenantry_app (creating it with
 * the URL's password if it does not exist), and refuses a role that would bypass row-level security.
 */
export async function ensureAppLogin(adminUrl: string, appUrl: string): Promise<void> {
  const { username, password } = new URL(appUrl);
  const role = decodeURIComponent(username);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ rolsuper: boolean; rolbypassrls: boolean }>(
      "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = $1",
      [role],
    );
    if (rows.length === 0) {
      const pw = await client.query<{ q: string }>("SELECT quote_literal($1) AS q", [decodeURIComponent(password)]);
      await client.query(
        `CREATE ROLE ${pg.escapeIdentifier(role)} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD ${pw.rows[0].q}`,
      );
    } else if (rows[0].rolsuper || rows[0].rolbypassrls) {
      throw new Error(`The app role ${role} is a superuser or BYPASSRLS: row-level security would not apply to it.`);
    }
    await client.query(`GRANT tenantry_app TO ${pg.escapeIdentifier(role)}`);
  } finally {
    await client.end();
  }
}

if (import.meta.filename === process.argv[1]) {
  const { DATABASE_ADMIN_URL: adminUrl, DATABASE_URL: appUrl } = env();
  if (!adminUrl) {
    console.error("Set DATABASE_ADMIN_URL to the role that owns the schema (see README).");
    process.exit(1);
  }
  await migrate(adminUrl);
  if (appUrl) await ensureAppLogin(adminUrl, appUrl);
  console.log("database is up to date");
}
