// Scenario 7: live events fanned out. 1,000 SSE subscribers (100 per tenant over 10 tenants, half
// on each of two `next start` instances) receive 100 writes made through the JSON API, against a
// baseline of 20 subscribers (one per tenant per instance) under the same write schedule, in
// alternating order. Reports publish-to-receive latency, events lost (must be 0: the scenario
// throws otherwise) and the servers' resident memory per subscriber. Latencies are pooled over the
// rounds; the baseline has 200 deliveries a round against 10,000, so its p99 is close to its max.
import { readFileSync } from "node:fs";
import http from "node:http";
import pg from "pg";
import { createBenchTenants, deleteBenchTenants, type BenchTenant } from "./bench-tenants";
import { percentile, ratio, round1 } from "./measure";
import { startNext } from "./next-server";

const TENANTS = 10;
const SUBSCRIBERS = 1000;
const WRITES = 100;
// Open loop: a write goes out every interval whether or not the one before has returned, so a
// slow fan-out cannot slow the schedule down and hide its own latency.
const WRITE_INTERVAL_MS = 40;
const CONNECTING = 50; // subscribers connecting at once: a burst of 1,000 would overflow the listen backlog
const SETTLE_MS = 1000; // after connecting, before memory is read
const GRACE_MS = 500; // after the last expected event, for duplicates or strays to show up
const TIMEOUT_MS = 30_000;
const slugs = Array.from({ length: TENANTS }, (_, i) => `bench-fanout-${i}`);

type Received = { id: bigint; name: string; at: number };
type Subscriber = { tenant: BenchTenant; received: Received[]; cutOff: () => boolean; close: () => void };
type Sent = Map<string, { tenant: BenchTenant; at: number }>;
type Bench = { servers: ReturnType<typeof startNext>[]; agent: http.Agent; tenants: BenchTenant[]; log: (s: string) => void };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** This process holds one socket per subscriber, and each server half of them. */
function assertOpenFilesLimit() {
  const limit = readFileSync("/proc/self/limits", "utf8").match(/^Max open files\s+(\S+)/m)?.[1];
  if (limit !== "unlimited" && Number(limit) < SUBSCRIBERS + 500) {
    throw new Error(`the open files limit is ${limit}, too low for ${SUBSCRIBERS} subscribers: raise it (ulimit -n 4096)`);
  }
}

/** An EventSource-like subscriber that notes when each event arrived; resolves once connected. */
function subscribe(port: number, tenant: BenchTenant): Promise<Subscriber> {
  return new Promise((resolve, reject) => {
    const received: Received[] = [];
    let ended = false;
    let closing = false;
    const subscriber: Subscriber = { tenant, received, cutOff: () => ended && !closing, close: () => ((closing = true), req.destroy()) };
    // Before `: connected` this fails the subscriber; after, it only leaves it marked as ended.
    const fail = (why: string) => {
      ended = true;
      clearTimeout(timer);
      req.destroy();
      reject(new Error(`a subscriber of ${tenant.slug} on port ${port}: ${why}`));
    };
    const timer = setTimeout(() => fail(`not connected within ${TIMEOUT_MS} ms`), TIMEOUT_MS);
    const headers = { host: `${tenant.slug}.localhost:${port}`, accept: "text/event-stream", authorization: `Bearer ${tenant.key}` };
    const req = http.request({ host: "127.0.0.1", port, path: "/api/events", headers, agent: false }, (res) => {
      if (res.statusCode !== 200) return fail(`HTTP ${res.statusCode}`);
      res.setEncoding("utf8");
      let buffer = "";
      res.on("data", (chunk: string) => {
        const at = performance.now();
        buffer += chunk;
        for (let end; (end = buffer.indexOf("\n\n")) >= 0; buffer = buffer.slice(end + 2)) {
          const block = buffer.slice(0, end);
          if (block === ": connected") {
            clearTimeout(timer);
            resolve(subscriber);
          }
          const data = block.match(/^data: (.*)$/m)?.[1];
          if (data) {
            const event = JSON.parse(data);
            received.push({ id: BigInt(event.id), name: event.payload.name, at });
          }
        }
      });
      res.on("close", () => fail("the stream ended"));
    });
    req.on("error", (error) => fail(error.message));
    req.end();
  });
}

/** `each` subscribers per tenant per port, CONNECTING at a time; all or none. */
async function connectAll(ports: number[], tenants: BenchTenant[], each: number): Promise<Subscriber[]> {
  const targets = Array.from({ length: each }, () => ports.flatMap((port) => tenants.map((tenant) => ({ port, tenant })))).flat();
  const subscribers: Subscriber[] = [];
  let next = 0;
  let failure: unknown;
  await Promise.all(
    Array.from({ length: CONNECTING }, async () => {
      while (next < targets.length && !failure) {
        const { port, tenant } = targets[next++];
        try {
          subscribers.push(await subscribe(port, tenant));
        } catch (error) {
          failure ??= error;
        }
      }
    }),
  );
  if (failure) {
    for (const s of subscribers) s.close();
    throw failure;
  }
  return subscribers;
}

function createProject(agent: http.Agent, port: number, tenant: BenchTenant, name: string): Promise<void> {
  const body = JSON.stringify({ name });
  const what = `POST /api/projects for ${tenant.slug} on port ${port}`;
  return new Promise((resolve, reject) => {
    const headers = {
      host: `${tenant.slug}.localhost:${port}`,
      authorization: `Bearer ${tenant.key}`,
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
    };
    const req = http.request({ host: "127.0.0.1", port, method: "POST", path: "/api/projects", headers, agent, timeout: TIMEOUT_MS }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => (res.statusCode === 201 ? resolve() : reject(new Error(`${what}: HTTP ${res.statusCode} ${text}`))));
    });
    req.on("timeout", () => req.destroy(new Error(`${what}: no answer within ${TIMEOUT_MS} ms`)));
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * The write schedule: round-robin over the tenants, each tenant's writes alternating between the
 * instances. The publish time is taken just before the request is sent, not when it returns: the
 * event commits, and subscribers can receive it, before the response is written, so latency from
 * the send is what a user who saves something and a colleague who sees it would measure.
 */
async function publish(agent: http.Agent, ports: number[], tenants: BenchTenant[], tag: string, writes: number) {
  const sent: Sent = new Map();
  const roundTrips: number[] = [];
  const requests: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < writes; i++) {
    await sleep(start + i * WRITE_INTERVAL_MS - performance.now());
    const tenant = tenants[i % tenants.length];
    const port = ports[(i + Math.floor(i / tenants.length)) % ports.length]; // i % 2 alone would tie a tenant to one instance
    const name = `${tag} ${i}`;
    const at = performance.now();
    sent.set(name, { tenant, at });
    const request = createProject(agent, port, tenant, name).then(() => void roundTrips.push(performance.now() - at));
    request.catch(() => {}); // reported by Promise.all below, not as an unhandled rejection meanwhile
    requests.push(request);
  }
  await Promise.all(requests);
  return { sent, roundTrips };
}

/** Each subscriber must get exactly its tenant's writes, in log order, once each. */
function check(subscribers: Subscriber[], sent: Sent) {
  const expected = new Map<BenchTenant, number>();
  for (const { tenant } of sent.values()) expected.set(tenant, (expected.get(tenant) ?? 0) + 1);
  const latencies: number[] = [];
  let lost = 0;
  let foreign = 0;
  let duplicate = 0;
  let outOfOrder = 0;
  for (const s of subscribers) {
    const seen = new Set<string>();
    let last = 0n;
    for (const r of s.received) {
      const write = sent.get(r.name);
      if (write?.tenant !== s.tenant) foreign++;
      else if (seen.has(r.name)) duplicate++;
      else {
        seen.add(r.name);
        latencies.push(r.at - write.at);
        if (r.id <= last) outOfOrder++;
        last = r.id;
      }
    }
    lost += (expected.get(s.tenant) ?? 0) - seen.size;
  }
  return { deliveries: latencies.length, latencies, lost, foreign, duplicate, outOfOrder, cutOff: subscribers.filter((s) => s.cutOff()).length };
}

/** Connects the subscribers, reads memory, runs the schedule and checks what every subscriber got. */
async function phase({ servers, agent, tenants, log }: Bench, tag: string, each: number, writes: number) {
  const rss = () => servers.reduce((kb, s) => kb + s.rssKb(), 0);
  const rssBeforeKb = rss();
  const t0 = performance.now();
  const ports = servers.map((s) => s.port);
  const subscribers = await connectAll(ports, tenants, each);
  const connectMs = performance.now() - t0;
  try {
    await sleep(SETTLE_MS);
    const rssAfterKb = rss();
    const { sent, roundTrips } = await publish(agent, ports, tenants, tag, writes);
    const perTenant = writes / tenants.length;
    const until = performance.now() + TIMEOUT_MS;
    while (performance.now() < until && subscribers.some((s) => !s.cutOff() && s.received.length < perTenant)) await sleep(20);
    await sleep(GRACE_MS);
    const result = check(subscribers, sent);
    const { lost, foreign, duplicate, outOfOrder, cutOff } = result;
    if (lost || foreign || duplicate || outOfOrder) {
      throw new Error(
        `${tag}: ${lost} of ${writes * ports.length * each} deliveries lost (${cutOff} subscribers cut off by the server), ` +
          `${foreign} events of another tenant or of no write, ${duplicate} duplicates, ${outOfOrder} out of order`,
      );
    }
    log(
      `  ${tag}: ${subscribers.length} subscribers connected in ${(connectMs / 1000).toFixed(1)} s, ` +
        `latency p50 ${percentile(result.latencies, 50).toFixed(1)} ms, p99 ${percentile(result.latencies, 99).toFixed(1)} ms`,
    );
    return { ...result, subscribers: subscribers.length, rssBeforeKb, rssAfterKb, roundTrips };
  } finally {
    for (const s of subscribers) s.close();
  }
}

type Phase = Awaited<ReturnType<typeof phase>>;

function summary(phases: Phase[]) {
  const latencies = phases.flatMap((p) => p.latencies);
  return {
    subscribers: phases[0].subscribers,
    deliveries: latencies.length,
    p50Ms: round1(percentile(latencies, 50)),
    p99Ms: round1(percentile(latencies, 99)),
    maxMs: round1(Math.max(...latencies)),
    p99Samples: phases.map((p) => round1(percentile(p.latencies, 99))),
    writeP50Ms: round1(percentile(phases.flatMap((p) => p.roundTrips), 50)), // the POST's own round trip
    lost: phases.reduce((n, p) => n + p.lost, 0),
  };
}

export async function fanoutScenario(opts: { adminUrl: string; port: number; rounds: number; log: (s: string) => void }) {
  assertOpenFilesLimit();
  const t0 = performance.now();
  const admin = new pg.Client({ connectionString: opts.adminUrl });
  await admin.connect();
  const servers = [startNext(opts.port), startNext(opts.port + 1)];
  const agent = new http.Agent({ keepAlive: true });
  try {
    const [tenants] = await Promise.all([createBenchTenants(admin, slugs, "fanout bench"), ...servers.map((s) => s.ready)]);
    const bench: Bench = { servers, agent, tenants, log: opts.log };
    const each = SUBSCRIBERS / TENANTS / servers.length;
    // Compiles the routes, fills the pools and opens each instance's LISTEN connection; not recorded.
    await phase(bench, "warm-up", 1, 2 * TENANTS);
    const phases: Record<"full" | "baseline", Phase[]> = { full: [], baseline: [] };
    for (let round = 0; round < opts.rounds; round++) {
      const order = round % 2 ? (["full", "baseline"] as const) : (["baseline", "full"] as const);
      for (const name of order) phases[name].push(await phase(bench, `${name} ${round}`, name === "full" ? each : 1, WRITES));
    }
    const full = summary(phases.full);
    const baseline = summary(phases.baseline);
    // Resident memory, so it includes garbage not yet collected: an upper bound. From the first full
    // phase only, after a warm-up and a baseline: later ones reuse heap their predecessors grew.
    const first = phases.full[0];
    return {
      tenants: TENANTS,
      instances: servers.length,
      writes: WRITES,
      writeIntervalMs: WRITE_INTERVAL_MS,
      full,
      baseline,
      p50Ratio: ratio(full.p50Ms, baseline.p50Ms),
      p99Ratio: ratio(full.p99Ms, baseline.p99Ms),
      kibPerSubscriber: round1((first.rssAfterKb - first.rssBeforeKb) / first.subscribers),
      rssMiB: { before: Math.round(first.rssBeforeKb / 1024), after: Math.round(first.rssAfterKb / 1024) },
      seconds: Math.round((performance.now() - t0) / 1000),
    };
  } finally {
    agent.destroy();
    for (const s of servers) s.stop();
    await deleteBenchTenants(admin, slugs);
    await admin.end();
  }
}
