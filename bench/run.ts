// `npm run bench`: the cost of tenant isolation, as ratios to baselines measured in the same run.
// Prints a table and writes bench/results.json. Flags: --quick (fewer rounds), --skip-build,
// --only=db,http,scale,fanout,live,soak,portability,csv,placements; --soak-minutes=N (default 10, 1 with --quick).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { databaseUrl, env } from "@/lib/env";
import { csvExportScenario } from "./csv-export-scenario";
import { dbScenarios } from "./db-scenarios";
import { fanoutScenario } from "./fanout-scenario";
import { httpScenario } from "./http-scenario";
import { liveUpdateScenario } from "./live-update-scenario";
import { placementScenarios } from "./placement-scenarios";
import { portabilityScenario } from "./portability-scenario";
import { scaleScenario } from "./scale-scenario";
import { soakScenario } from "./soak-scenario";

const root = path.join(import.meta.dirname, "..");
const args = new Set(process.argv.slice(2));
const quick = args.has("--quick");
const only = new Set((process.argv.find((a) => a.startsWith("--only="))?.slice(7) ?? "db,http,scale,fanout,live,soak,portability,csv,placements").split(","));
const soakMinutes = Number(process.argv.find((a) => a.startsWith("--soak-minutes="))?.slice(15) ?? (quick ? 1 : 10));
const port = env().TENANTRY_BENCH_PORT;
const appUrl = databaseUrl();
const adminUrl = env().DATABASE_ADMIN_URL!;
const log = (s: string) => console.log(`[bench] ${s}`);

const client = new pg.Client({ connectionString: adminUrl });
await client.connect();
const tenants = (await client.query<{ id: string; slug: string }>("SELECT id, slug FROM tenants WHERE slug IN ('acme', 'globex') ORDER BY slug")).rows;
const [{ version }] = (await client.query("SELECT current_setting('server_version') AS version")).rows;
if (tenants.length !== 2) throw new Error("the demo tenants are missing: run through `npm run bench`, which seeds them");
// The bench measures isolation, not quotas: its thousands of writes must not meet a plan's limit.
await client.query("UPDATE tenants SET plan = 'enterprise' WHERE id = ANY($1::uuid[])", [tenants.map((t) => t.id)]);
await client.end();
const acme = tenants.find((t) => t.slug === "acme")!;

const scenarios: Record<string, unknown> = {};
if (only.has("db")) {
  log("scenarios 1–4: raw pg, plain Prisma, scoped read, scoped write");
  Object.assign(scenarios, await dbScenarios({ appUrl, adminUrl, tenantIds: tenants.map((t) => t.id), rounds: quick ? 3 : 7, ops: quick ? 200 : 500 }));
}
if ((only.has("http") || only.has("fanout") || only.has("live") || only.has("soak") || only.has("csv")) && !args.has("--skip-build")) {
  log("building the app (next build) …");
  const build = spawnSync(path.join(root, "node_modules/.bin/next"), ["build"], { cwd: root, stdio: "ignore", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (build.status !== 0) throw new Error("next build failed");
}
if (only.has("http")) {
  log("scenario 5: HTTP through proxy + withTenant vs a bare route (autocannon, 16 connections)");
  scenarios.http = await httpScenario({ adminUrl, tenantId: acme.id, port, rounds: quick ? 3 : 5, seconds: quick ? 2 : 4 });
}
if (only.has("scale")) {
  log("scenario 6: 10 tenants vs 10,000 tenants / 1,000,000 employees");
  scenarios.scale = await scaleScenario({ adminUrl, appUrl, rounds: quick ? 3 : 7, ops: quick ? 200 : 400, log });
}
if (only.has("fanout")) {
  log("scenario 7: live events to 1,000 SSE subscribers (10 tenants, 2 instances) vs 20, 100 writes");
  // Its own ports: the http scenario's server may still be shutting down.
  scenarios.fanout = await fanoutScenario({ adminUrl, port: port + 1, rounds: quick ? 1 : 2, log });
}
if (only.has("live")) {
  log("scenario 9: the server's work per write with 1, 100 and 1,000 open dashboards of one tenant");
  scenarios["live-update-cost"] = await liveUpdateScenario({ adminUrl, port: port + 3, log });
}
if (only.has("soak")) {
  log(`scenario 10: a ${soakMinutes}-minute soak, 200 event streams and mixed traffic on next start`);
  scenarios.soak = await soakScenario({ adminUrl, port: port + 4, minutes: soakMinutes, log });
}
if (only.has("csv")) {
  log("scenario 11: the server's memory during a CSV export of 1,000 and of 100,000 employees");
  scenarios["csv-export"] = await csvExportScenario({ adminUrl, appUrl, port: port + 5, log });
}

if (only.has("portability")) {
  log("scenario 8: export and restore of a tenant of 100,000 employees (and of one a tenth that size)");
  Object.assign(scenarios, await portabilityScenario({ adminUrl, log }));
}

if (only.has("placements")) {
  log("scenario 12: dedicated databases: cold open, reads vs shared, fleet migration of 100, moves of 1,000 to 100,000 employees");
  Object.assign(scenarios, await placementScenarios({ adminUrl, appUrl, rounds: quick ? 3 : 7, ops: quick ? 200 : 500, log }));
}

// A partial run (--only) keeps the other scenarios' latest figures, each with the date it was measured.
const resultsFile = path.join(root, "bench", "results.json");
const previous = existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, "utf8")) as { date?: string; scenarios?: Record<string, Record<string, unknown>> }) : {};
const date = new Date().toISOString();
const measured = Object.fromEntries(Object.entries(scenarios).map(([name, figures]) => [name, { ...(figures as object), measuredAt: date }]));
const kept = Object.fromEntries(
  Object.entries(previous.scenarios ?? {})
    .filter(([name]) => !(name in measured))
    .map(([name, figures]) => [name, { measuredAt: previous.date, ...figures }]),
);
const results = {
  date,
  machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, postgres: version },
  method: "interleaved rounds, median per variant; DB figures are microseconds per operation at concurrency 1 and 16",
  scenarios: { ...kept, ...measured },
};
writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);

// The compact table.
type Row = [string, string, string, string];
const rows: Row[] = [["scenario", "sequential", "concurrency 16", "ratio"]];
const s = scenarios as Record<string, Record<string, any>>;
const round = (x: number) => Math.round(x * 10) / 10;
const us = (x?: number) => (x === undefined ? "" : `${x.toFixed(0)} µs`);
for (const name of ["raw", "prisma", "scoped-read", "scoped-write"]) {
  if (s[name]) rows.push([name, us(s[name].c1UsPerOp), us(s[name].c16UsPerOp), `${s[name].ratio}x`]);
}
if (s["scoped-write"]) {
  const w = s["scoped-write"];
  rows.push(["  prisma-write (baseline)", us(w.prismaWrite.c1UsPerOp), us(w.prismaWrite.c16UsPerOp), ""]);
  rows.push(["  prisma-create (lone insert)", us(w.prismaCreate.c1UsPerOp), us(w.prismaCreate.c16UsPerOp), `${w.ratioVsLoneCreate}x`]);
}
if (s.http) {
  rows.push(["http tenantry", "", `${s.http.tenantry.rps} req/s`, `${s.http.ratio}x`]);
  rows.push(["  http bare route", "", `${s.http.bare.rps} req/s`, ""]);
  rows.push(["  peak RSS of next start", "", `${s.http.peakRssMiB} MiB`, ""]);
}
if (s.scale) {
  rows.push(["scale 10 tenants", us(s.scale.small.c1UsPerOp), us(s.scale.small.c16UsPerOp), ""]);
  rows.push(["scale 10,000 tenants", us(s.scale.large.c1UsPerOp), us(s.scale.large.c16UsPerOp), `${s.scale.ratio}x`]);
  rows.push(["  tenant index used", "", String(s.scale.indexUsed), ""]);
}
if (s.fanout) {
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  const f = s.fanout;
  rows.push([`fanout ${f.full.subscribers} subscribers p50/p99`, ms(f.full.p50Ms), ms(f.full.p99Ms), `${f.p99Ratio}x`]);
  rows.push([`  fanout ${f.baseline.subscribers} subscribers (baseline)`, ms(f.baseline.p50Ms), ms(f.baseline.p99Ms), ""]);
  rows.push(["  events lost", "", `${f.full.lost + f.baseline.lost} of ${f.full.deliveries + f.baseline.deliveries}`, ""]);
  rows.push(["  server memory per subscriber", "", `${f.kibPerSubscriber} KiB`, ""]);
}
if (s["live-update-cost"]) {
  const l = s["live-update-cost"];
  for (const [n, d] of Object.entries(l.dashboards as Record<string, { queries: number; cpuMs: number }>)) {
    rows.push([`live update, ${n} dashboard${n === "1" ? "" : "s"}`, `${d.queries} statements`, `${d.cpuMs} ms CPU`, n === "1" ? "" : `${round(d.cpuMs / l.dashboards["1"].cpuMs)}x`]);
  }
  rows.push(["  CPU per dashboard past the first", "", `${l.perDashboardUs.app} µs`, ""]);
  rows.push([`  floor: bare Node, same ${l.floor["1000"].bytes} bytes to each`, "", `${l.perDashboardUs.floor} µs`, ""]);
}
if (s.soak) {
  const k = s.soak;
  rows.push([`soak ${k.minutes} min, ${k.streams} streams`, `${k.requests} requests`, `${k.errors5xx} 5xx`, ""]);
  rows.push(["  memory growth after warm-up", `${k.rssWarmMiB} → ${k.rssEndMiB} MiB`, `${k.rssGrowthPct}%`, ""]);
  rows.push(["  app connections start → end", "", `${k.connectionsStart} → ${k.connectionsEnd}`, ""]);
}
if (s["csv-export"]) {
  const c = s["csv-export"];
  for (const size of ["small", "large"]) {
    rows.push([`csv export ${c[size].rows.toLocaleString("en")} employees`, `${c[size].megabytes} MB in ${c[size].seconds} s`, `heap ${c[size].heapWarmMiB} → ${c[size].heapLastPageMiB} MiB`, `RSS +${c[size].peakGrowthMiB} MiB`]);
  }
}
if (s["csv-export"]) rows.push(["  retained by the 100,000-row export", "", `${s["csv-export"].retainedMiB} MiB`, `ceiling ${s["csv-export"].ceilingMiB} MiB`]);
if (s.export) {
  for (const kind of ["export", "restore"] as const) {
    const k = s[kind];
    rows.push([`${kind} ${k.rows.toLocaleString("en")} rows`, `${k.seconds} s`, `${k.rowsPerSec.toLocaleString("en")} rows/s`, ""]);
    rows.push([`  peak RSS (a tenth the size)`, "", `${k.peakRssMiB} MiB (${k.tenthSize.peakRssMiB} MiB)`, ""]);
  }
}
if (s["dedicated-cold-open"]) {
  rows.push(["dedicated cold open (shared)", `${s["dedicated-cold-open"].ms} ms`, `(${s["dedicated-cold-open"].sharedMs} ms)`, ""]);
  rows.push(["dedicated read vs shared", "", us(s["dedicated-read"].dedicatedUsPerOp), `${s["dedicated-read"].ratio}x`]);
}
if (s["fleet-migrate"]) rows.push([`fleet migrate ${s["fleet-migrate"].databases} databases`, `${s["fleet-migrate"].ms} ms`, `${s["fleet-migrate"].msPerDatabase} ms each`, ""]);
if (s.move) {
  for (const [size, m] of Object.entries(s.move.sizes as Record<string, { totalMs: number; windowMs: number }>)) {
    rows.push([`move ${Number(size).toLocaleString("en")} employees`, `${m.totalMs} ms`, `window ${m.windowMs} ms`, ""]);
  }
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  "));
console.log("\nratios: scoped-read/-write vs plain Prisma at concurrency 16; http = throughput vs bare route; scale = 10,000 vs 10 tenants;\nfanout = p99 publish-to-receive latency, 1,000 vs 20 subscribers;\nlive update = server CPU per write, n open dashboards vs 1 (statements per write alongside)");
log("wrote bench/results.json");
