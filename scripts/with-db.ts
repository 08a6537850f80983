// Runs a command against a ready database: `tsx scripts/with-db.ts [--seed] [--fresh] -- cmd ...`.
// Without DATABASE_URL it starts the embedded Postgres (and stops it when the command ends);
// with DATABASE_URL and DATABASE_ADMIN_URL it uses that server. Either way it migrates first.
// Without SMTP_URL it also starts the local mail catcher and points the command at it.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { env as settings, InvalidSettingError, type Env } from "@/lib/env";
import { startEmbeddedPostgres } from "./embedded-postgres";
import { startMailCatcher } from "./mail-catcher";
import { seed } from "./seed";
import { migrateFleet } from "./tenantry/database-commands";
import { registerServer, SECOND_SERVER } from "./tenantry/placements/servers";

const args = process.argv.slice(2);
const split = args.indexOf("--");
const flags = new Set(split === -1 ? args : args.slice(0, split));
const command = split === -1 ? [] : args.slice(split + 1);
if (command.length === 0) {
  console.error("usage: tsx scripts/with-db.ts [--seed] [--fresh] [--embedded-dir DIR] -- command [args...]");
  process.exit(2);
}

const root = path.join(import.meta.dirname, "..");
let stopDatabase: () => Promise<void> = async () => {};
// The command inherits this process's environment, with the database URLs filled in below.
const env = { ...process.env };

// A bad setting stops everything here, naming the variable, before a database is started.
let given: Env;
try {
  given = settings();
} catch (error) {
  if (!(error instanceof InvalidSettingError)) throw error;
  console.error(`[with-db] ${error.message}`);
  process.exit(2);
}

if (given.DATABASE_URL) {
  if (!given.DATABASE_ADMIN_URL) {
    console.error("DATABASE_URL is set but DATABASE_ADMIN_URL is not: set both (see README).");
    process.exit(2);
  }
} else {
  const dataDir = path.resolve(root, given.TENANTRY_PG_DIR);
  const port = given.TENANTRY_PG_PORT;
  if (flags.has("--fresh")) await Promise.all([dataDir, `${dataDir}-second`].map((dir) => rm(dir, { recursive: true, force: true })));
  const pg = await startEmbeddedPostgres({ dataDir, port });
  console.log(`[with-db] embedded postgres on port ${port} (${path.relative(root, dataDir)})`);
  stopDatabase = pg.stop;
  Object.assign(env, {
    DATABASE_URL: pg.urls.appUrl,
    DATABASE_ADMIN_URL: pg.urls.adminUrl,
    DATABASE_SUPERUSER_URL: pg.urls.superUrl,
  });
  // A second server for dedicated databases, so moves between servers are real in development and tests.
  if (given.TENANTRY_PG_SECOND_PORT) {
    const second = await startEmbeddedPostgres({ dataDir: `${dataDir}-second`, port: given.TENANTRY_PG_SECOND_PORT });
    console.log(`[with-db] second embedded postgres (server "second") on port ${given.TENANTRY_PG_SECOND_PORT}`);
    stopDatabase = async () => void (await Promise.all([pg.stop(), second.stop()]));
    Object.assign(env, { [SECOND_SERVER.adminUrlEnv]: second.urls.adminUrl, [SECOND_SERVER.appUrlEnv]: second.urls.appUrl });
  }
}

// Auth.js signs session cookies with AUTH_SECRET. Locally, one is made up and kept in .data so
// sessions survive restarts; in production set your own.
if (!env.AUTH_SECRET) {
  const file = path.join(root, ".data", "auth-secret");
  if (!existsSync(file)) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  env.AUTH_SECRET = (await readFile(file, "utf8")).trim();
}

let stopMail: () => Promise<unknown> = async () => {};
if (!given.SMTP_URL) {
  try {
    const catcher = await startMailCatcher({ smtp: given.TENANTRY_MAIL_SMTP_PORT, inbox: given.TENANTRY_MAIL_INBOX_PORT });
    Object.assign(env, { SMTP_URL: catcher.smtpUrl, TENANTRY_MAIL_INBOX_URL: catcher.inboxUrl });
    stopMail = catcher.stop;
    console.log(`[with-db] mail is caught, not delivered: read it at ${catcher.inboxUrl}`);
  } catch (error) {
    console.error(`[with-db] the mail catcher could not start (${(error as Error).message}): set TENANTRY_MAIL_SMTP_PORT/TENANTRY_MAIL_INBOX_PORT to free ports, or SMTP_URL`);
    await stopDatabase();
    process.exit(1);
  }
}

try {
  // The fleet (the shared database, then any dedicated ones) reads server connections from this process's environment.
  Object.assign(process.env, env);
  const shared = { name: "shared", adminUrl: env.DATABASE_ADMIN_URL!, appUrl: env.DATABASE_URL! };
  const results = await migrateFleet(shared, 4, (r) => r.applied.forEach((name) => console.log(`[with-db] ${r.database}: applied ${name}`)));
  const failed = results.filter((r) => !r.ok);
  if (failed.length) throw new Error(`migrations failed: ${failed.map((r) => `${r.database}: ${r.error}`).join("; ")}`);
  if (env[SECOND_SERVER.adminUrlEnv]) await registerServer(env.DATABASE_ADMIN_URL!, SECOND_SERVER);
  if (flags.has("--seed")) await seed(env.DATABASE_ADMIN_URL!, (line) => console.log(`[with-db] ${line}`));
} catch (error) {
  console.error(`[with-db] ${(error as Error).message}`);
  await Promise.all([stopDatabase(), stopMail()]);
  process.exit(1);
}

const child = spawn(command[0], command.slice(1), { stdio: "inherit", env });
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => child.kill(signal));
}
child.on("exit", async (code, signal) => {
  await Promise.all([stopDatabase(), stopMail()]);
  process.exit(code ?? (signal ? 1 : 0));
});
