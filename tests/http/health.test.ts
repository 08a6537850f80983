// Liveness and readiness for load balancers: /api/health answers while the process runs, whatever
// the database does; /api/ready answers 200 only when the database answers, its migrations are the
// code's and its LISTEN connections (directory changes, live events) are not down, and 503 with Retry-After (within its 2 s bound,
// never a hang) when the database cannot be reached.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { request } from "../support/http";
import { startSecondInstance } from "../support/second-instance";
import { sessionCookie } from "../support/session";
import { openEventStream } from "../support/sse";

let cut: Awaited<ReturnType<typeof startSecondInstance>>;

before(async () => {
  // An instance whose database is unreachable: nothing listens on port 1.
  cut = await startSecondInstance(4, { DATABASE_URL: "postgresql://tenantry_app_login:nope@127.0.0.1:1/tenantry" });
});

after(() => cut.stop());

test("health: 200 on the root domain and on a workspace's host, touching nothing", async () => {
  for (const host of ["localhost", "acme.localhost"]) {
    const res = await request(host, "/api/health");
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), { status: "ok" });
    assert.equal(res.headers["cache-control"], "no-store");
  }
});

test("ready: 200 with every check passing on the test server", async () => {
  const res = await request("localhost", "/api/ready");
  assert.equal(res.status, 200, res.body);
  const body = res.json();
  assert.equal(body.status, "ready");
  assert.equal(body.checks.database, "ok");
  assert.equal(body.checks.migrations, "current");
  assert.ok(["idle", "connected"].includes(body.checks.listener), body.checks.listener);
});

test("ready reports the live events' LISTEN connection: connected once a stream is open", async () => {
  const stream = openEventStream("acme.localhost", { cookie: await sessionCookie("acme.localhost", "alice@acme.test") });
  try {
    await stream.ready;
    assert.equal(stream.status(), 200);
    const res = await request("localhost", "/api/ready");
    assert.equal(res.status, 200, res.body);
    assert.equal(res.json().checks.events, "connected");
  } finally {
    stream.close();
  }
});

test("with the database unreachable: health still 200, ready 503 with Retry-After, in bounded time", async () => {
  assert.equal((await request("localhost", "/api/health", { port: cut.port })).status, 200);
  const started = Date.now();
  const res = await request("localhost", "/api/ready", { port: cut.port });
  assert.ok(Date.now() - started < 10_000, "no hang");
  assert.equal(res.status, 503, res.body);
  assert.equal(res.headers["retry-after"], "5");
  assert.deepEqual(res.json(), { status: "unavailable", checks: { database: "unreachable", migrations: "unknown", listener: "idle", events: "idle", shutdown: "no" } });
});

test("with the database unreachable: a workspace's API answers a typed 503 with Retry-After, fast", async () => {
  for (const path of ["/api/employees", "/api/projects", "/api/events"]) {
    const started = Date.now();
    const res = await request("acme.localhost", path, { port: cut.port, headers: { authorization: "Bearer tk_nope" } });
    assert.ok(Date.now() - started < 5000, `${path}: answered in ${Date.now() - started} ms`);
    assert.equal(res.status, 503, `${path}: ${res.body}`);
    assert.equal(res.headers["retry-after"], "5");
    assert.equal(res.json().error.code, "database_unavailable");
  }
});

test("with the database unreachable: a workspace's page is a 503 that says so and reloads itself", async () => {
  const res = await request("acme.localhost", "/", { port: cut.port });
  assert.equal(res.status, 503);
  assert.equal(res.headers["retry-after"], "5");
  assert.match(res.headers["content-type"] ?? "", /^text\/html/);
  assert.match(res.body, /<meta http-equiv="refresh" content="5">/);
  assert.match(res.body, /The database cannot be reached right now/);
  assert.doesNotMatch(res.body, /at .*\.js:\d+/, "no stack trace");
});
