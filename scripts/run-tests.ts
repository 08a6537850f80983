// Runs every test, in order: type check, Node tests (database and HTTP), Playwright (browser).
// Expects a migrated, seeded database in DATABASE_URL/DATABASE_ADMIN_URL: `npm test` wraps this
// in scripts/with-db.ts. Builds the app and serves it with `next start` for the HTTP tests.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";

const root = path.join(import.meta.dirname, "..");
const port = Number(process.env.TENANTRY_TEST_PORT ?? 3100);
const reports = path.join(root, ".data", "reports");
// Heartbeats (each one re-checks a stream's access) every second, so tests see a revoked caller cut off quickly.
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", TENANTRY_TEST_PORT: String(port), TENANTRY_SSE_HEARTBEAT_MS: process.env.TENANTRY_SSE_HEARTBEAT_MS ?? "1000" };

function run(cmd: string, args: string[], extraEnv: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: "inherit", env: { ...env, ...extraEnv } });
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

async function waitForServer(url: string, server: ChildProcess) {
  for (let i = 0; i < 600; i++) {
    if (server.exitCode !== null) throw new Error("next start exited before it was ready");
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${url} did not answer within 60 s`);
}

function section(title: string) {
  console.log(`\n━━ ${title} ${"━".repeat(Math.max(0, 70 - title.length))}`);
}

/** Runs Node test files; returns what their TAP report counted. */
async function nodeTests(files: string[], report: string, extraEnv: Record<string, string> = {}) {
  const tap = path.join(reports, report);
  const code = await run(
    process.execPath,
    [
      "--import", "tsx",
      "--test", "--test-concurrency=1", "--test-timeout=120000",
      "--test-reporter=spec", "--test-reporter-destination=stdout",
      "--test-reporter=tap", `--test-reporter-destination=${tap}`,
      ...files.map((f) => path.join("tests", f)),
    ],
    extraEnv,
  );
  const text = await readFile(tap, "utf8");
  const count = (label: string) => Number(text.match(new RegExp(`^# ${label} (\\d+)$`, "m"))?.[1] ?? 0);
  const fail = count("fail") + count("cancelled");
  return { pass: count("pass"), fail: fail === 0 && code !== 0 ? 1 : fail }; // a crash counts too
}

await mkdir(reports, { recursive: true });
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);
let failedSteps = 0;

// Route types an earlier `next dev` generated for routes that no longer exist would fail both
// the type check and the build (Next adds .next/dev/types to tsconfig); they are regenerated.
await rm(path.join(root, ".next", "dev", "types"), { recursive: true, force: true });

section("type check");
if ((await run(bin("tsc"), ["--noEmit"])) !== 0) failedSteps++;

section("build");
if ((await run(bin("next"), ["build"])) !== 0) {
  console.error("next build failed: the HTTP and browser tests cannot run.");
  process.exit(1);
}

section(`next start on port ${port}`);
const server = spawn(bin("next"), ["start", "-p", String(port)], { cwd: root, stdio: ["ignore", "inherit", "inherit"], env });
let node = { pass: 0, fail: 0 };
let browser = { pass: 0, fail: 0 };
try {
  await waitForServer(`http://localhost:${port}/`, server);

  section("node tests (database, HTTP)");
  const files = (await readdir(path.join(root, "tests"))).filter((f) => f.endsWith(".test.ts")).sort();
  node = await nodeTests(files, "node.tap");

  section("isolation and leakage through PgBouncer (transaction pooling)");
  const bounced = await nodeTests(["isolation.test.ts", "leakage.test.ts"], "pgbouncer.tap", { TENANTRY_VIA_PGBOUNCER: "1" });
  node = { pass: node.pass + bounced.pass, fail: node.fail + bounced.fail };

  section("browser tests (Playwright, Chromium)");
  const json = path.join(reports, "playwright.json");
  await run(bin("playwright"), ["test"], { PLAYWRIGHT_JSON_OUTPUT_NAME: json });
  const stats = JSON.parse(await readFile(json, "utf8")).stats;
  browser = { pass: stats.expected + stats.flaky, fail: stats.unexpected + (stats.skipped ?? 0) };
} finally {
  server.kill("SIGTERM");
}

const passed = node.pass + browser.pass;
const failed = node.fail + browser.fail + failedSteps;
console.log(`\nnode: ${node.pass} passed, ${node.fail} failed; browser: ${browser.pass} passed, ${browser.fail} failed`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
