// Scenario 9: the server's work per write as the open dashboards of one tenant grow: 1, 100 and
// 1,000 simulated dashboards, each doing what the browser's dashboard does on an event (it reads
// the stream; the figures and projects come in the stream's `summary`, and nothing is fetched).
// Per write: database statements (the app's own count, /api/metrics) and server CPU (the `next
// start` process tree, /proc), over WRITES writes made one at a time through the JSON API, each
// waited for until every dashboard has its summary. Dashboards and writes use an API key (a
// browser uses its session; the stream and the write are the same code after authentication).
// The floor, measured the same way in the same run: a bare Node server (sse-floor-server.ts)
// writing the same number of bytes per write to as many open streams, so the CPU one more
// dashboard costs the app can be read against what it costs any server on this machine.
import http from "node:http";
import pg from "pg";
import { createBenchTenants, deleteBenchTenants } from "./bench-tenants";
import { round1 } from "./measure";
import { requestTo, startNext, startSseFloor } from "./next-server";

const COUNTS = [1, 100, 1000];
const WRITES = 20;
const CONNECTING = 50;
const TIMEOUT_MS = 30_000;
// One workspace per count, empty when its count starts: every count measures the same data.
const slugFor = (n: number) => `bench-live-${n}`;
const TOKEN = "bench-metrics-token-bench-metrics-token";

type Dashboard = { summaries: number; bytes: number; close: () => void };
/** A server under measure: how a dashboard connects to it, how a write is made, its CPU so far. */
type Target = { port: number; path: string; headers: Record<string, string>; write: () => Promise<void>; cpuMs: () => number; statements?: () => Promise<number> };
type Cost = { queries?: number; cpuMs: number; bytes: number };

function openDashboard({ port, path, headers }: Target): Promise<Dashboard> {
  return new Promise((resolve, reject) => {
    const dashboard: Dashboard = { summaries: 0, bytes: 0, close: () => req.destroy() };
    const timer = setTimeout(() => (req.destroy(), reject(new Error("a dashboard did not connect"))), TIMEOUT_MS);
    const req = http.request({ host: "127.0.0.1", port, path, headers: { accept: "text/event-stream", ...headers }, agent: false }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`a dashboard got HTTP ${res.statusCode}`));
      res.setEncoding("utf8");
      let buffer = "";
      res.on("data", (chunk: string) => {
        dashboard.bytes += Buffer.byteLength(chunk);
        buffer += chunk;
        for (let end; (end = buffer.indexOf("\n\n")) >= 0; buffer = buffer.slice(end + 2)) {
          const block = buffer.slice(0, end);
          if (block.startsWith(": connected")) (clearTimeout(timer), resolve(dashboard));
          // What the page does with a summary: parse it and draw it. Nothing goes back to the server.
          if (block.startsWith("event: summary")) (JSON.parse(block.slice(block.indexOf("data: ") + 6)), dashboard.summaries++);
        }
      });
    });
    req.on("error", reject);
    req.end();
  });
}

async function openDashboards(target: Target, n: number): Promise<Dashboard[]> {
  const dashboards: Dashboard[] = [];
  for (let i = 0; i < n; i += CONNECTING) dashboards.push(...(await Promise.all(Array.from({ length: Math.min(CONNECTING, n - i) }, () => openDashboard(target)))));
  return dashboards;
}

async function statements(port: number): Promise<number> {
  const { body: text } = await requestTo(port, "localhost", "/api/metrics", { headers: { authorization: `Bearer ${TOKEN}` } });
  return [...text.matchAll(/^tenantry_db_statements_total\{pool="\w+"\} (\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
}

async function createProject(port: number, slug: string, key: string, name: string): Promise<void> {
  const res = await requestTo(port, `${slug}.localhost`, "/api/projects", {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ name }),
  });
  if (res.status !== 201) throw new Error(`POST /api/projects: ${res.status} ${res.body}`);
}

async function until(check: () => boolean) {
  const deadline = Date.now() + TIMEOUT_MS;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("the dashboards did not all get their summary");
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** The target's work per write with n dashboards open: each write waited for until every one has its summary. */
async function costPerWrite(target: Target, n: number): Promise<Cost> {
  const open = await openDashboards(target, n);
  const write = async () => {
    const expected = open.map((d) => d.summaries + 1);
    await target.write();
    await until(() => open.every((d, i) => d.summaries >= expected[i]));
  };
  for (let i = 0; i < 3; i++) await write(); // warm up
  const [cpu0, q0, bytes0] = [target.cpuMs(), await target.statements?.(), open[0].bytes];
  for (let i = 0; i < WRITES; i++) await write();
  const [cpu1, q1, bytes1] = [target.cpuMs(), await target.statements?.(), open[0].bytes];
  for (const d of open) d.close();
  await new Promise((r) => setTimeout(r, 500));
  const queries = q0 === undefined || q1 === undefined ? undefined : round1((q1 - q0 - 1) / WRITES); // less the metrics read itself
  return { queries, cpuMs: round1((cpu1 - cpu0) / WRITES), bytes: Math.round((bytes1 - bytes0) / WRITES) };
}

/** CPU that each dashboard past the first adds to a write, in microseconds. */
const perDashboardUs = (costs: Record<number, Cost>) => round1(((costs[COUNTS.at(-1)!].cpuMs - costs[COUNTS[0]].cpuMs) * 1000) / (COUNTS.at(-1)! - COUNTS[0]));

export async function liveUpdateScenario({ adminUrl, port, log }: { adminUrl: string; port: number; log: (s: string) => void }) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const workspaces = await createBenchTenants(admin, COUNTS.map(slugFor), "live bench");
  const server = startNext(port, { TENANTRY_METRICS_TOKEN: TOKEN, TENANTRY_MAX_STREAMS_PER_TENANT: "5000", TENANTRY_LOG_LEVEL: "warn" });
  const dashboards: Record<number, Cost> = {};
  try {
    await server.ready;
    let written = 0;
    for (const [i, n] of COUNTS.entries()) {
      const { slug, key } = workspaces[i];
      const app: Target = {
        port,
        path: "/api/events?view=dashboard",
        headers: { host: `${slug}.localhost:${port}`, authorization: `Bearer ${key}` },
        write: () => createProject(port, slug, key, `Live bench ${written++}`),
        cpuMs: server.cpuMs,
        statements: () => statements(port),
      };
      dashboards[n] = await costPerWrite(app, n);
      log(`  ${n} dashboards: ${dashboards[n].queries} statements, ${dashboards[n].cpuMs} ms CPU per write (${dashboards[n].bytes} bytes to each)`);
    }
  } finally {
    server.stop();
    await deleteBenchTenants(admin, COUNTS.map(slugFor));
    await admin.end();
  }
  const bytes = dashboards[COUNTS.at(-1)!].bytes;
  const floorServer = startSseFloor(port + 10);
  const floor: Record<number, Cost> = {};
  try {
    await floorServer.ready;
    const bare: Target = {
      port: floorServer.port,
      path: "/events",
      headers: {},
      write: async () => void (await requestTo(floorServer.port, "127.0.0.1", `/write?bytes=${bytes}`, { method: "POST" })),
      cpuMs: floorServer.cpuMs,
    };
    for (const n of [COUNTS[0], COUNTS.at(-1)!]) {
      floor[n] = await costPerWrite(bare, n);
      log(`  floor, bare Node, ${n} streams: ${floor[n].cpuMs} ms CPU per write (${floor[n].bytes} bytes to each)`);
    }
  } finally {
    floorServer.stop();
  }
  const [one, most] = [dashboards[COUNTS[0]], dashboards[COUNTS.at(-1)!]];
  return {
    dashboards,
    writes: WRITES,
    ratio: round1(most.cpuMs / one.cpuMs),
    queriesRatio: round1(most.queries! / one.queries!),
    perDashboardUs: { app: perDashboardUs(dashboards), floor: perDashboardUs(floor) },
    floor,
  };
}
