// Scenario 10: a soak. `next start` holds 200 event streams (dashboards of 10 tenants) while
// mixed traffic (reads of pages of employees, writes of projects, half each, from 4 clients)
// runs for `minutes`. Reports answers with a 5xx (must be 0), the resident memory growth from
// the end of the warm-up (the first tenth) to the end, and the database connections the app
// holds at the start and at the end (they must not creep up).
import http from "node:http";
import pg from "pg";
import { createBenchTenants, deleteBenchTenants, type BenchTenant } from "./bench-tenants";
import { round1 } from "./measure";
import { requestTo, startNext } from "./next-server";

const TENANTS = 10;
const STREAMS = 200;
const CLIENTS = 4;
const slugs = Array.from({ length: TENANTS }, (_, i) => `bench-soak-${i}`);

function openStream(port: number, tenant: BenchTenant): Promise<() => void> {
  return new Promise((resolve, reject) => {
    const headers = { host: `${tenant.slug}.localhost:${port}`, accept: "text/event-stream", authorization: `Bearer ${tenant.key}` };
    const req = http.request({ host: "127.0.0.1", port, path: "/api/events?view=dashboard", headers, agent: false }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`a stream got HTTP ${res.statusCode}`));
      res.on("data", () => {});
      resolve(() => req.destroy());
    });
    req.on("error", reject);
    req.end();
  });
}

async function appConnections(admin: pg.Client): Promise<number> {
  const { rows } = await admin.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = 'tenantry_app_login'");
  return rows[0].n;
}

export async function soakScenario({ adminUrl, port, minutes, log }: { adminUrl: string; port: number; minutes: number; log: (s: string) => void }) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const tenants = await createBenchTenants(admin, slugs, "soak");
  const server = startNext(port, { TENANTRY_LOG_LEVEL: "warn" });
  const closers: (() => void)[] = [];
  try {
    await server.ready;
    for (let i = 0; i < STREAMS; i++) closers.push(await openStream(port, tenants[i % TENANTS]));
    const durationMs = minutes * 60_000;
    const warmUpMs = durationMs / 10;
    const started = Date.now();
    let requests = 0;
    let errors5xx = 0;
    let warmRssKb = 0;
    let connectionsStart = 0;
    const client = async (c: number) => {
      for (let i = 0; Date.now() - started < durationMs; i++) {
        const tenant = tenants[(c + i) % TENANTS];
        const write = i % 2 === 1;
        const res = await requestTo(port, `${tenant.slug}.localhost`, write ? "/api/projects" : "/api/employees?limit=25", {
          method: write ? "POST" : "GET",
          headers: { authorization: `Bearer ${tenant.key}`, "content-type": "application/json" },
          body: write ? JSON.stringify({ name: `Soak ${c}-${i}` }) : undefined,
        });
        requests++;
        if (res.status >= 500) errors5xx++;
      }
    };
    const sampler = (async () => {
      await new Promise((r) => setTimeout(r, warmUpMs));
      warmRssKb = server.rssKb();
      connectionsStart = await appConnections(admin);
      log(`  soak: warmed up after ${warmUpMs / 1000} s, ${Math.round(warmRssKb / 1024)} MiB, ${connectionsStart} connections`);
    })();
    await Promise.all([...Array.from({ length: CLIENTS }, (_, c) => client(c)), sampler]);
    const endRssKb = server.rssKb();
    const connectionsEnd = await appConnections(admin);
    log(`  soak: ${requests} requests, ${errors5xx} 5xx, ${Math.round(endRssKb / 1024)} MiB at the end, ${connectionsEnd} connections`);
    return {
      minutes,
      streams: STREAMS,
      requests,
      errors5xx,
      rssWarmMiB: round1(warmRssKb / 1024),
      rssEndMiB: round1(endRssKb / 1024),
      rssGrowthPct: round1(((endRssKb - warmRssKb) / warmRssKb) * 100),
      connectionsStart,
      connectionsEnd,
    };
  } finally {
    for (const close of closers) close();
    server.stop();
    await deleteBenchTenants(admin, slugs);
    await admin.end();
  }
}
