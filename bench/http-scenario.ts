// Scenario 5: GET /api/employees through the proxy, resolution and withTenant on `next start`,
// against the bare baseline route returning the same rows, under autocannon. Also reports the
// server's peak resident memory over the whole load.
import { spawn } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import { DEMO_PASSWORD } from "../scripts/seed";
import { sessionCookie } from "../tests/support/session";
import { median, ratio } from "./measure";

const root = path.join(import.meta.dirname, "..");

/** The server and every process it started: `next start` may run its server in a child. */
function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  const all = [pid];
  for (let i = 0; i < all.length; i++) all.push(...(children.get(all[i]) ?? []));
  return all;
}

function rssKb(pids: number[]): number {
  let total = 0;
  for (const pid of pids) {
    try {
      total += Number(readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+)/m)?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return total;
}

async function load(url: string, headers: Record<string, string>, seconds: number) {
  const result = await autocannon({ url, connections: 16, duration: seconds, headers });
  if (result.non2xx || result.errors || result.timeouts) {
    throw new Error(`${url} (Host ${headers.host}): ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

export async function httpScenario(opts: { adminUrl: string; tenantId: string; port: number; rounds: number; seconds: number }) {
  const server = spawn(path.join(root, "node_modules/.bin/next"), ["start", "-p", String(opts.port)], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, TENANTRY_BENCH_BASELINE_URL: opts.adminUrl, NEXT_TELEMETRY_DISABLED: "1" },
  });
  let peakKb = 0;
  const sampler = setInterval(() => (peakKb = Math.max(peakKb, rssKb(processTree(server.pid!)))), 100);
  try {
    const base = `http://127.0.0.1:${opts.port}`;
    for (let i = 0; ; i++) {
      try {
        await fetch(`${base}/`); // any answer means the server is up
        break;
      } catch {
        if (i > 300) throw new Error("next start did not come up");
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    // Tenantry's path is the real one: a signed-in member's session, checked on every request.
    const cookie = await sessionCookie("acme.localhost", "alice@acme.test", DEMO_PASSWORD, opts.port);
    const tenantryHeaders = { host: `acme.localhost:${opts.port}`, cookie };
    const targets = {
      tenantry: () => load(`${base}/api/employees?limit=25`, tenantryHeaders, opts.seconds),
      bare: () => load(`${base}/api/bench/baseline?tenant=${opts.tenantId}`, { host: `localhost:${opts.port}` }, opts.seconds),
    };
    // The two answer with the same rows, or the comparison means nothing.
    const [a, b] = await Promise.all([
      fetch(`${base}/api/employees?limit=25`, { headers: { "x-forwarded-host": tenantryHeaders.host, cookie } }).then((r) => r.json()),
      fetch(`${base}/api/bench/baseline?tenant=${opts.tenantId}`).then((r) => r.json()),
    ]);
    if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error("the baseline route does not return the same rows");

    await targets.tenantry(); // warm-up: JIT, pools, route compilation
    await targets.bare();
    const samples: Record<"tenantry" | "bare", { rps: number; p50: number; p99: number }[]> = { tenantry: [], bare: [] };
    for (let round = 0; round < opts.rounds; round++) {
      const order = round % 2 ? (["bare", "tenantry"] as const) : (["tenantry", "bare"] as const);
      for (const name of order) samples[name].push(await targets[name]());
    }
    const summary = (s: typeof samples.bare) => ({
      rps: Math.round(median(s.map((x) => x.rps))),
      p50Ms: median(s.map((x) => x.p50)),
      p99Ms: median(s.map((x) => x.p99)),
      rpsSamples: s.map((x) => Math.round(x.rps)),
    });
    const tenantry = summary(samples.tenantry);
    const bare = summary(samples.bare);
    return { tenantry, bare, connections: 16, ratio: ratio(tenantry.rps, bare.rps), peakRssMiB: Math.round(peakKb / 1024) };
  } finally {
    clearInterval(sampler);
    server.kill("SIGTERM");
  }
}
