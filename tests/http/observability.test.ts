// What an operator sees: each request's JSON log line names its request id (also answered in
// X-Request-Id), tenant, actor, route, status and duration; /api/metrics (behind its token) counts
// requests per tenant and route with latency, pools, event streams, events fanned out and
// database errors; and a running query shows its tenant in pg_stat_activity, bound in the same
// round trip as the tenant.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { env } from "@/lib/env";
import { createApiKey } from "@/lib/tenancy";
import { TEST_OPERATOR, testDatabase, type TestDatabase } from "../support/db";
import { adminUrl, appUrl, asTenant, connect, createTenants, uniqueSlug } from "../support/env";
import { request } from "../support/http";
import { startSecondInstance, type Instance } from "../support/second-instance";
import { openEventStream } from "../support/sse";

const TOKEN = "metrics-token-for-the-observability-test";
let tenants: Awaited<ReturnType<typeof createTenants>>;
let db: TestDatabase;
let instance: Instance;
let slug: string;
let key: string;
let employeeId: string;

before(async () => {
  slug = uniqueSlug("observe");
  tenants = await createTenants([slug]);
  db = testDatabase(await appUrl(), 1);
  ({ key } = await createApiKey(db.client(tenants.ids[0]), { name: "observer", role: "admin" }, TEST_OPERATOR));
  const { rows } = await asTenant(tenants.admin, tenants.ids[0], () =>
    tenants.admin.query<{ id: string }>("INSERT INTO employees (name, email, title, department) VALUES ('Olga Observed', 'olga@observe.test', 'T', 'D') RETURNING id"),
  );
  employeeId = rows[0].id;
  instance = await startSecondInstance(5, { TENANTRY_METRICS_TOKEN: TOKEN });
});

after(async () => {
  await instance.stop();
  await db.end();
  await tenants.cleanup();
});

const api = (path: string, init: { method?: string; body?: string } = {}) =>
  request(`${slug}.localhost`, path, { port: instance.port, ...init, headers: { authorization: `Bearer ${key}`, "content-type": "application/json" } });

/** The JSON log lines the instance has written. */
function logLines(): Record<string, unknown>[] {
  return instance
    .output()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function logLineOf(requestId: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 50; i++) {
    const line = logLines().find((l) => l.reqId === requestId && l.msg === "request");
    if (line) return line;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no log line for request ${requestId}`);
}

test("a request's log line carries its request id, tenant, actor, route, status and duration", async () => {
  const res = await api(`/api/employees/${employeeId}`);
  assert.equal(res.status, 200, res.body);
  const requestId = String(res.headers["x-request-id"]);
  assert.match(requestId, /^[0-9a-f-]{36}$/);
  const line = await logLineOf(requestId);
  assert.equal(line.tenant, slug);
  assert.match(String(line.actor), /^api_key:[0-9a-f-]{36}$/);
  assert.equal(line.route, "/api/employees/:id");
  assert.equal(line.path, `/api/employees/${employeeId}`);
  assert.equal(line.status, 200);
  assert.equal(line.method, "GET");
  assert.equal(typeof line.durationMs, "number");
});

test("a client's own X-Request-Id is replaced, not trusted", async () => {
  const res = await request(`${slug}.localhost`, "/api/health", { port: instance.port, headers: { "x-request-id": "forged-request-id" } });
  assert.notEqual(res.headers["x-request-id"], "forged-request-id");
  assert.ok(!instance.output().includes("forged"), "the forged id never reaches the log");
});

test("metrics: 401 without the token, the Prometheus text with it; 404 where no token is configured", async () => {
  assert.equal((await request("localhost", "/api/metrics", { port: instance.port })).status, 401);
  assert.equal((await request("localhost", "/api/metrics", { port: instance.port, headers: { authorization: "Bearer wrong-wrong-wrong-wrong-wrong-wrong" } })).status, 401);
  assert.equal((await request("localhost", "/api/metrics", { headers: { authorization: `Bearer ${TOKEN}` } })).status, 404, "the main test server has no token");
  await api("/api/projects");
  const res = await request("localhost", "/api/metrics", { port: instance.port, headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal(res.status, 200);
  assert.match(res.headers["content-type"] ?? "", /^text\/plain/);
  const text = res.body;
  assert.match(text, new RegExp(`tenantry_http_requests_total\\{tenant="${slug}",route="/api/projects",method="GET",status="200"\\} [1-9]`));
  assert.match(text, new RegExp(`tenantry_http_request_duration_seconds_count\\{tenant="${slug}",route="/api/projects"\\} [1-9]`));
  assert.match(text, /tenantry_db_pool_connections\{pool="shared",state="open"\} [1-9]/);
  assert.match(text, /tenantry_db_pool_connections\{pool="directory",state="waiting"\} 0/);
  assert.match(text, /# TYPE tenantry_event_streams_open gauge/);
  assert.match(text, /# TYPE tenantry_events_fanned_out_total counter/);
  assert.match(text, /# TYPE tenantry_database_errors_total counter/);
  assert.match(text, /process_resident_memory_bytes \d+/);
});

test("metrics count what happens: the tenant's open streams, and one event fanned out to each of them", async () => {
  const metric = async (name: string) => {
    const res = await request("localhost", "/api/metrics", { port: instance.port, headers: { authorization: `Bearer ${TOKEN}` } });
    return Number(res.body.match(new RegExp(`^${name}\\{tenant="${slug}"\\} (\\d+)$`, "m"))?.[1] ?? 0);
  };
  const streams = [0, 1].map(() => openEventStream(`${slug}.localhost`, { authorization: `Bearer ${key}` }, instance.port));
  try {
    await Promise.all(streams.map((s) => s.ready));
    assert.equal(await metric("tenantry_event_streams_open"), 2);
    const before = await metric("tenantry_events_fanned_out_total");
    assert.equal((await api("/api/projects", { method: "POST", body: JSON.stringify({ name: "Counted" }) })).status, 201);
    await Promise.all(streams.map((s) => s.waitFor(1)));
    assert.equal((await metric("tenantry_events_fanned_out_total")) - before, 2);
    streams[0].close();
    let open = 2;
    for (const until = Date.now() + 5000; open !== 1 && Date.now() < until; await new Promise((r) => setTimeout(r, 100))) open = await metric("tenantry_event_streams_open");
    assert.equal(open, 1, "a closed stream is no longer counted");
  } finally {
    for (const stream of streams) stream.close();
  }
});

test("a running query names its tenant in pg_stat_activity (application_name, set with the tenant)", async () => {
  // Hold the employee's row, so the API's update waits on it while we look (from another
  // connection: inside a transaction, pg_stat_activity is a snapshot).
  const monitor = await connect(adminUrl());
  await tenants.admin.query("BEGIN");
  try {
    await tenants.admin.query("SELECT 1 FROM employees WHERE id = $1 FOR UPDATE", [employeeId]);
    const update = api(`/api/employees/${employeeId}`, { method: "PATCH", body: JSON.stringify({ title: "Watched" }) });
    // Seeing the query text and wait of another role's backend takes pg_read_all_stats; its name does not.
    const ofTenant = async () =>
      (await monitor.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1", [`tenantry:${slug}`])).rows[0].n;
    let seen = 0;
    for (let i = 0; i < 100 && seen === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      seen = await ofTenant();
    }
    assert.equal(seen, 1, "the waiting update's backend shows as this tenant's");
    await tenants.admin.query("COMMIT");
    assert.equal((await update).status, 200);
    // Transaction-local, like the tenant: the pooled connection does not keep the name.
    assert.equal(await ofTenant(), 0);
  } finally {
    await tenants.admin.query("ROLLBACK").catch(() => {});
    await monitor.end();
  }
});

test("the plan's statement timeout cuts a statement that runs too long: 503 statement_timeout, counted in the metrics", async () => {
  await tenants.admin.query("UPDATE tenants SET plan = 'free' WHERE id = $1", [tenants.ids[0]]);
  await new Promise((r) => setTimeout(r, env().TENANTRY_TENANT_CACHE_MS + 300)); // the instance's cache forgets the old plan
  await tenants.admin.query("BEGIN");
  try {
    await tenants.admin.query("SELECT 1 FROM employees WHERE id = $1 FOR UPDATE", [employeeId]);
    const started = Date.now();
    const res = await api(`/api/employees/${employeeId}`, { method: "PATCH", body: JSON.stringify({ title: "Too slow" }) });
    const took = Date.now() - started;
    assert.equal(res.status, 503, res.body);
    assert.equal(res.json().error.code, "statement_timeout");
    assert.equal(res.headers["retry-after"], "5");
    assert.ok(took >= 1900 && took < 4500, `cut at the Free plan's 2 s, took ${took} ms`);
  } finally {
    await tenants.admin.query("ROLLBACK");
    await tenants.admin.query("UPDATE tenants SET plan = 'enterprise' WHERE id = $1", [tenants.ids[0]]);
  }
  const { rows } = await tenants.admin.query("SELECT title FROM employees WHERE id = $1", [employeeId]);
  assert.equal(rows[0].title, "Watched", "nothing written");
  const metrics = await request("localhost", "/api/metrics", { port: instance.port, headers: { authorization: `Bearer ${TOKEN}` } });
  assert.match(metrics.body, /tenantry_database_errors_total\{kind="statement_timeout"\} [1-9]/);
});
