// Scenario 9: the server's work per write as the open dashboards of one tenant grow: 1, 100 and
// 1,000 simulated dashboards, each doing what the browser's dashboard does on an event (it reads
// the stream; the figures and projects come in the stream's `summary`, and nothing is fetched).
// Per write: database statements (the app's own count, /api/metrics) and server CPU (the `next
// start` process tree, /proc), over WRITES writes made one at a time through the JSON API, each
// waited for until every dashboard has its summary. Dashboards and writes use an API key (a
// browser uses its session; the stream and the write are the same code after authentication).
import http from "node:http";
import pg from "pg";
import { createBenchTenants, deleteBenchTenants } from "./bench-tenants";
import { round1 } from "./measure";
import { requestTo, startNext } from "./next-server";

const COUNTS = [1, 100, 1000];
const WRITES = 20;
const CONNECTING = 50;
const TIMEOUT_MS = 30_000;
const SLUG = "bench-live";
const TOKEN = "bench-metrics-token-bench-metrics-token";

type Dashboard = { summaries: number; close: () => void };

function openDashboard(port: number, key: string): Promise<Dashboard> {
  return new Promise((resolve, reject) => {
    const dashboard: Dashboard = { summaries: 0, close: () => req.destroy() };
    const timer = setTimeout(() => (req.destroy(), reject(new Error("a dashboard did not connect"))), TIMEOUT_MS);
    const headers = { host: `${SLUG}.localhost:${port}`, accept: "text/event-stream", authorization: `Bearer ${key}` };
    const req = http.request({ host: "127.0.0.1", port, path: "/api/events?view=dashboard", headers, agent: false }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`a dashboard got HTTP ${res.statusCode}`));
      res.setEncoding("utf8");
      let buffer = "";
      res.on("data", (chunk: string) => {
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

async function openDashboards(port: number, key: string, n: number): Promise<Dashboard[]> {
  const dashboards: Dashboard[] = [];
  for (let i = 0; i < n; i += CONNECTING) dashboards.push(...(await Promise.all(Array.from({ length: Math.min(CONNECTING, n - i) }, () => openDashboard(port, key)))));
  return dashboards;
}

async function statements(port: number): Promise<number> {
  const { body: text } = await requestTo(port, "localhost", "/api/metrics", { headers: { authorization: `Bearer ${TOKEN}` } });
  return [...text.matchAll(/^tenantry_db_statements_total\{pool="\w+"\} (\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
}

async function createProject(port: number, key: string, name: string): Promise<void> {
  const res = await requestTo(port, `${SLUG}.localhost`, "/api/projects", {
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

export async function liveUpdateScenario({ adminUrl, port, log }: { adminUrl: string; port: number; log: (s: string) => void }) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const [{ key }] = await createBenchTenants(admin, [SLUG], "live bench");
  const server = startNext(port, { TENANTRY_METRICS_TOKEN: TOKEN, TENANTRY_MAX_STREAMS_PER_TENANT: "5000", TENANTRY_LOG_LEVEL: "warn" });
  const dashboards: Record<string, { queries: number; cpuMs: number }> = {};
  try {
    await server.ready;
    let written = 0;
    for (const n of COUNTS) {
      const open = await openDashboards(port, key, n);
      const write = async () => {
        await createProject(port, key, `Live bench ${written++}`);
        const target = open.map((d) => d.summaries + 1);
        await until(() => open.every((d, i) => d.summaries >= target[i]));
      };
      for (let i = 0; i < 3; i++) await write(); // warm up
      const [cpu0, q0] = [server.cpuMs(), await statements(port)];
      for (let i = 0; i < WRITES; i++) await write();
      const [cpu1, q1] = [server.cpuMs(), await statements(port)];
      dashboards[n] = { queries: round1((q1 - q0 - 1) / WRITES), cpuMs: round1((cpu1 - cpu0) / WRITES) }; // less the metrics read itself
      log(`  ${n} dashboards: ${dashboards[n].queries} statements, ${dashboards[n].cpuMs} ms CPU per write`);
      for (const d of open) d.close();
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    server.stop();
    await deleteBenchTenants(admin, [SLUG]);
    await admin.end();
  }
  const [one, most] = [dashboards[COUNTS[0]], dashboards[COUNTS.at(-1)!]];
  return { dashboards, writes: WRITES, ratio: round1(most.cpuMs / one.cpuMs), queriesRatio: round1(most.queries / one.queries) };
}
