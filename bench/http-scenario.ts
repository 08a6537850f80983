// Scenario 5: GET /api/employees through the proxy, resolution and withTenant on `next start`,
// against the bare baseline route returning the same rows, under autocannon. Also reports the
// server's peak resident memory over the whole load.
import autocannon from "autocannon";
import { DEMO_PASSWORD } from "../scripts/seed";
import { sessionCookie } from "../tests/support/session";
import { median, ratio } from "./measure";
import { startNext } from "./next-server";

async function load(url: string, headers: Record<string, string>, seconds: number) {
  const result = await autocannon({ url, connections: 16, duration: seconds, headers });
  if (result.non2xx || result.errors || result.timeouts) {
    throw new Error(`${url} (Host ${headers.host}): ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

export async function httpScenario(opts: { adminUrl: string; tenantId: string; port: number; rounds: number; seconds: number }) {
  const server = startNext(opts.port, { TENANTRY_BENCH_BASELINE_URL: opts.adminUrl });
  let peakKb = 0;
  const sampler = setInterval(() => (peakKb = Math.max(peakKb, server.rssKb())), 100);
  try {
    await server.ready;
    const base = `http://127.0.0.1:${opts.port}`;
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
    server.stop();
  }
}
