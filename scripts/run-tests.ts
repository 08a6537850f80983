// Runs the tests, by tier: `unit` (type check and tests/unit: seconds, no database), `db`
// (tests/db against Postgres, then isolation and leakage again through PgBouncer, with the
// transaction binding, and with tenants in dedicated databases), `e2e` (builds the app, serves it
// with `next start`, runs tests/http, the fault tests in tests/faults and the Playwright tests in
// e2e/, then moves acme to a dedicated database and runs the suites that speak only to the app
// again, then reads the server's log for unhandled rejections and 500s), or `all` (the default).
// The db and e2e tiers expect a migrated, seeded database in DATABASE_URL/DATABASE_ADMIN_URL: the
// npm scripts wrap this in with-db.ts.
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { env } from "@/lib/env";

const TIERS = ["unit", "db", "e2e"] as const;
type Tier = (typeof TIERS)[number];
const asked = process.argv[2] ?? "all";
if (asked !== "all" && !TIERS.includes(asked as Tier)) {
  console.error(`usage: tsx scripts/run-tests.ts [${TIERS.join("|")}|all]`);
  process.exit(2);
}
const tiers = new Set<Tier>(asked === "all" ? TIERS : [asked as Tier]);

const root = path.join(import.meta.dirname, "..");
const settings = env();
const port = settings.TENANTRY_TEST_PORT;
const reports = path.join(root, ".data", "reports");
// Heartbeats (each one re-checks a stream's access) every second, so tests see a revoked caller cut off quickly.
const childEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", TENANTRY_TEST_PORT: String(port), TENANTRY_SSE_HEARTBEAT_MS: process.env.TENANTRY_SSE_HEARTBEAT_MS || "1000" };

function run(cmd: string, args: string[], extraEnv: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: "inherit", env: { ...childEnv, ...extraEnv } });
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

type Count = { pass: number; fail: number };
const total: Count = { pass: 0, fail: 0 };
const add = (c: Count) => ((total.pass += c.pass), (total.fail += c.fail));

/** Runs the Node test files of a folder (or the files given); adds what their TAP report counted. */
async function nodeTests(dir: string, report: string, { only, extraEnv = {} }: { only?: string[]; extraEnv?: Record<string, string> } = {}) {
  const files = only ?? (await readdir(path.join(root, "tests", dir))).filter((f) => f.endsWith(".test.ts")).sort();
  const tap = path.join(reports, report);
  const code = await run(
    process.execPath,
    [
      "--import", "tsx",
      "--test", "--test-concurrency=1", "--test-timeout=120000",
      "--test-reporter=spec", "--test-reporter-destination=stdout",
      "--test-reporter=tap", `--test-reporter-destination=${tap}`,
      ...files.map((f) => path.join("tests", dir, f)),
    ],
    extraEnv,
  );
  const text = await readFile(tap, "utf8");
  const count = (label: string) => Number(text.match(new RegExp(`^# ${label} (\\d+)$`, "m"))?.[1] ?? 0);
  const fail = count("fail") + count("cancelled");
  add({ pass: count("pass"), fail: fail === 0 && code !== 0 ? 1 : fail }); // a crash counts too
}

/** Adds what a Playwright JSON report counted (a skipped test counts as a failure: none is left behind). */
async function playwrightReport(json: string) {
  const stats = JSON.parse(await readFile(json, "utf8")).stats;
  add({ pass: stats.expected + stats.flaky, fail: stats.unexpected + (stats.skipped ?? 0) });
}

/**
 * The suites that run a second time with acme in a dedicated database. They speak to the app only
 * (HTTP, browser), so they run unchanged for either placement; the suites that arrange or check
 * acme's rows with the owner's connection to the shared database would need to know where acme is.
 */
const DEDICATED_HTTP_SUITES = ["api.test.ts", "events.test.ts", "live-summary.test.ts", "fuzz.test.ts"];
const DEDICATED_BROWSER_SUITES = ["e2e/dashboard.spec.ts", "e2e/live-updates.spec.ts", "e2e/tenant-isolation.spec.ts"];

/**
 * The db and e2e tiers create and delete tenants: refuse a database on another machine unless
 * TENANTRY_TEST_REMOTE_DATABASE=1 says that is meant (a production URL left in a shell must not
 * become a test target).
 */
function assertLocalDatabase() {
  const host = new URL(settings.DATABASE_URL ?? "postgresql://localhost").hostname;
  if (["localhost", "127.0.0.1", "[::1]", "::1"].includes(host) || settings.TENANTRY_TEST_REMOTE_DATABASE) return;
  console.error(`DATABASE_URL points at ${host}, not this machine. Set TENANTRY_TEST_REMOTE_DATABASE=1 to run the tests there anyway.`);
  process.exit(2);
}

await mkdir(reports, { recursive: true });
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);
if (tiers.has("db") || tiers.has("e2e")) assertLocalDatabase();

if (tiers.has("unit")) {
  // Route types an earlier `next dev` generated for routes that no longer exist would fail both
  // the type check and the build (Next adds .next/dev/types to tsconfig); they are regenerated.
  await rm(path.join(root, ".next", "dev", "types"), { recursive: true, force: true });
  section("type check");
  if ((await run(bin("tsc"), ["--noEmit"])) !== 0) add({ pass: 0, fail: 1 });
  section("unit tests (no database)");
  await nodeTests("unit", "unit.tap");
}

if (tiers.has("db")) {
  section("database tests");
  await nodeTests("db", "db.tap");
  const suites = ["isolation.test.ts", "leakage.test.ts"];
  section("isolation and leakage through PgBouncer (transaction pooling)");
  await nodeTests("db", "pgbouncer.tap", { only: suites, extraEnv: { TENANTRY_VIA_PGBOUNCER: "1" } });
  section("isolation and leakage with TENANTRY_BINDING=transaction");
  await nodeTests("db", "transaction-binding.tap", { only: suites, extraEnv: { TENANTRY_BINDING: "transaction" } });
  // Busy answers are expected there (small dedicated pools under a saturated CPU, counted and
  // retried by the test): only errors are logged.
  section("isolation and leakage with tenants in dedicated databases (second server and primary)");
  await nodeTests("db", "dedicated.tap", { only: suites, extraEnv: { TENANTRY_TEST_PLACEMENT: "dedicated", TENANTRY_LOG_LEVEL: "error" } });
}

if (tiers.has("e2e")) {
  await rm(path.join(root, ".next", "dev", "types"), { recursive: true, force: true });
  section("build");
  if ((await run(bin("next"), ["build"])) !== 0) {
    console.error("next build failed: the HTTP and browser tests cannot run.");
    process.exit(1);
  }
  // The server's log (a JSON line per request) goes to a file, read below for unhandled rejections.
  const serverLog = path.join(reports, "server.log");
  section(`next start on port ${port} (log: ${path.relative(root, serverLog)})`);
  const logFile = createWriteStream(serverLog);
  const server = spawn(bin("next"), ["start", "-p", String(port)], { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: childEnv });
  server.stdout!.pipe(logFile);
  server.stderr!.pipe(logFile);
  try {
    await waitForServer(`http://localhost:${port}/`, server);
    section("HTTP tests (the running app)");
    await nodeTests("http", "http.tap");
    section("fault tests (Postgres restarted, LISTEN cut, instances killed and stopped)");
    await nodeTests("faults", "faults.tap");
    section("browser tests (Playwright, Chromium)");
    const json = path.join(reports, "playwright.json");
    await run(bin("playwright"), ["test"], { PLAYWRIGHT_JSON_OUTPUT_NAME: json });
    await playwrightReport(json);

    // The same suites again, for a tenant with a dedicated database: acme moves (with this server
    // running) to a database of its own on the second server, and every answer must be the same.
    section("again with acme in a dedicated database on the server \"second\": API, events, isolation, browser");
    const moved = await run(process.execPath, [path.join("scripts", "tenantry", "bin.mjs"), "move", "acme", "--to", "dedicated:second"]);
    if (moved !== 0) add({ pass: 0, fail: 1 });
    else {
      await nodeTests("http", "http-dedicated.tap", { only: DEDICATED_HTTP_SUITES });
      const dedicatedJson = path.join(reports, "playwright-dedicated.json");
      await run(bin("playwright"), ["test", ...DEDICATED_BROWSER_SUITES], { PLAYWRIGHT_JSON_OUTPUT_NAME: dedicatedJson });
      await playwrightReport(dedicatedJson);
    }
  } finally {
    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
  }
  section("server log: no unhandled rejection; every 500 logged once, with its cause");
  type LogLine = { level?: number; msg?: string; reqId?: string; status?: number; err?: unknown };
  const entries = (await readFile(serverLog, "utf8")).split("\n").flatMap((line): LogLine[] => {
    try {
      return [JSON.parse(line) as LogLine];
    } catch {
      return []; // not a log line of ours (Next's own start-up lines)
    }
  });
  const unhandled = entries.filter((e) => e.msg === "unhandled rejection");
  const causes = (reqId?: string) => entries.filter((e) => e.reqId === reqId && (e.level ?? 0) >= 50 && e.err).length;
  const unexplained = entries.filter((e) => e.msg === "request" && e.status === 500 && causes(e.reqId) !== 1);
  for (const e of [...unhandled, ...unexplained].slice(0, 20)) console.error(JSON.stringify(e));
  const answered500 = entries.filter((e) => e.msg === "request" && e.status === 500).length;
  console.log(`${entries.length} log lines; ${unhandled.length} unhandled rejections; ${answered500} answers with 500, ${unexplained.length} without exactly one logged cause`);
  add(unhandled.length + unexplained.length === 0 ? { pass: 1, fail: 0 } : { pass: 0, fail: 1 });
}

console.log(`\n${total.pass} passed, ${total.fail} failed`);
process.exit(total.fail === 0 && total.pass > 0 ? 0 : 1);
