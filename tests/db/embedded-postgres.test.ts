// The embedded default of `npm run dev`: a killed run leaves an orphaned Postgres behind, the
// next run stops it and starts cleanly, and stopping the app stops Postgres. Runs the real wrapper
// (scripts/with-db.ts) with its own data directory and port, whatever DATABASE_URL says.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { after, test } from "node:test";
import pg from "pg";
import { isAlive } from "../../scripts/embedded-postgres";

const root = path.join(import.meta.dirname, "..", "..");
const dataDir = path.join(root, ".data", "postgres-embedded-test");
const port = 54339;
// Its own second server too (the one for dedicated databases), not the suite's.
const env: NodeJS.ProcessEnv = { ...process.env, TENANTRY_PG_DIR: dataDir, TENANTRY_PG_PORT: String(port), TENANTRY_PG_SECOND_PORT: String(port + 2) };
delete env.DATABASE_URL;
delete env.DATABASE_ADMIN_URL;

after(() => Promise.all([dataDir, `${dataDir}-second`].map((dir) => rm(dir, { recursive: true, force: true }))));

/** Starts the wrapper around a command that prints the app URL and then idles, like `next dev`. */
function startWrapper(): Promise<{ child: ChildProcess; appUrl: string }> {
  const child = spawn(
    path.join(root, "node_modules", ".bin", "tsx"),
    ["scripts/with-db.ts", "--", process.execPath, "-e", "console.log('READY ' + process.env.DATABASE_URL); setInterval(() => {}, 1000)"],
    { cwd: root, env, stdio: ["ignore", "pipe", "inherit"], detached: true },
  );
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk) => {
      out += chunk;
      const m = out.match(/READY (\S+)/);
      if (m) resolve({ child, appUrl: m[1] });
    });
    child.on("exit", (code) => reject(new Error(`wrapper exited (${code}) before the command ran:\n${out}`)));
  });
}

function postmasterPid(dir = dataDir): number | null {
  const file = path.join(dir, "postmaster.pid");
  return existsSync(file) ? Number(readFileSync(file, "utf8").split("\n")[0]) : null;
}

async function until(condition: () => boolean, what: string) {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(condition(), what);
}

async function canQueryAsApp(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query("SELECT current_user AS u, count(*)::int AS n FROM employees");
    return rows[0];
  } finally {
    await client.end();
  }
}

test("a killed run's orphan is stopped by the next run, and stopping the app stops Postgres", { timeout: 120_000 }, async () => {
  await Promise.all([dataDir, `${dataDir}-second`].map((dir) => rm(dir, { recursive: true, force: true })));

  const first = await startWrapper();
  const orphan = postmasterPid();
  const orphanSecond = postmasterPid(`${dataDir}-second`);
  assert.ok(orphan && isAlive(orphan), "postgres is running");
  assert.ok(orphanSecond && isAlive(orphanSecond), "the second server is running");
  assert.deepEqual(await canQueryAsApp(first.appUrl), { u: "tenantry_app_login", n: 0 }); // RLS: no tenant, no rows
  // SIGKILL the wrapper and its command: nothing gets to stop Postgres.
  process.kill(-first.child.pid!, "SIGKILL");
  await until(() => first.child.exitCode !== null || first.child.signalCode !== null, "wrapper killed");
  assert.ok(isAlive(orphan), "the killed run left postgres running");

  const second = await startWrapper();
  assert.ok(!isAlive(orphan), "the orphan was stopped");
  assert.ok(!isAlive(orphanSecond), "the second server's orphan was stopped");
  const fresh = postmasterPid();
  const freshSecond = postmasterPid(`${dataDir}-second`);
  assert.ok(fresh && fresh !== orphan && isAlive(fresh));
  assert.ok(freshSecond && freshSecond !== orphanSecond && isAlive(freshSecond));
  assert.equal((await canQueryAsApp(second.appUrl)).u, "tenantry_app_login");

  // Ctrl-C: the terminal signals the whole process group.
  process.kill(-second.child.pid!, "SIGINT");
  await until(() => !isAlive(fresh), "postgres stopped with the app");
  await until(() => !isAlive(freshSecond), "the second server stopped with the app");
  await until(() => second.child.exitCode !== null || second.child.signalCode !== null, "wrapper exited");
});
