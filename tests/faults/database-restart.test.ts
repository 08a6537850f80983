// Postgres restarted in the middle of a 20-second mixed load (reads, writes, 50 event streams
// over two `next start` instances), on a Postgres of this test's own: every request either
// succeeds or gets a typed 503 within 5 s; once the database is back everything succeeds again
// within a few seconds, with no restart of the app; every acknowledged write is in the database;
// every stream receives every committed event exactly once.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import pg from "pg";
import { createApiKey } from "@/lib/tenancy";
import { TEST_OPERATOR, testDatabase } from "../support/db";
import { request, type HttpResult } from "../support/http";
import { startOwnPostgres } from "../support/own-postgres";
import { startSecondInstance, type Instance } from "../support/second-instance";
import { openResumingStream } from "../support/sse";

const LOAD_MS = 20_000;
const RESTART_AT_MS = 6000;
const DOWN_MS = 2000;
const STREAMS = 50;

let database: Awaited<ReturnType<typeof startOwnPostgres>>;
let instances: Instance[] = [];
let key: string;
let tenantId: string;

before(async () => {
  database = await startOwnPostgres();
  const admin = new pg.Client({ connectionString: database.urls.adminUrl });
  await admin.connect();
  tenantId = (await admin.query<{ id: string }>("SELECT id FROM tenants WHERE slug = 'acme'")).rows[0].id;
  await admin.end();
  const setup = testDatabase(database.urls.appUrl, 1);
  ({ key } = await createApiKey(setup.client(tenantId), { name: "restart load", role: "admin" }, TEST_OPERATOR));
  await setup.end();
  const env = {
    DATABASE_URL: database.urls.appUrl,
    DATABASE_ADMIN_URL: database.urls.adminUrl,
    TENANTRY_POOL_WAIT_MS: "2000",
    TENANTRY_LOG_LEVEL: "warn",
  };
  instances = await Promise.all([startSecondInstance(8, env), startSecondInstance(9, env)]);
});

after(async () => {
  await Promise.all(instances.map((instance) => instance.stop()));
  await database.stop();
});

type Outcome = { startedAt: number; ms: number; status: number; code?: string; retryAfter?: string; created?: string };

test("Postgres restarted under load: typed 503s within 5 s while it is down, then everything again; nothing lost, nothing repeated", { timeout: 120_000 }, async () => {
  const ports = instances.map((i) => i.port);
  const auth = { authorization: `Bearer ${key}` };
  const streams = Array.from({ length: STREAMS }, (_, i) => openResumingStream("acme.localhost", auth, i % 2 ? ports : [...ports].reverse(), { from: "0" }));
  await Promise.all(streams.map((s) => s.connected));

  const started = Date.now();
  let restartedAt = 0;
  const restart = (async () => {
    await new Promise((r) => setTimeout(r, RESTART_AT_MS));
    await database.restart(DOWN_MS);
    restartedAt = Date.now() - started;
  })();

  const outcomes: Outcome[] = [];
  const worker = async (w: number) => {
    for (let i = 0; Date.now() - started < LOAD_MS; i++) {
      const port = ports[(w + i) % ports.length];
      const write = i % 2 === 0;
      const at = Date.now() - started;
      let res: HttpResult;
      try {
        res = write
          ? await request("acme.localhost", "/api/projects", { port, method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ name: `Restart ${w}-${i}` }) })
          : await request("acme.localhost", "/api/employees?limit=5", { port, headers: auth });
      } catch (error) {
        outcomes.push({ startedAt: at, ms: Date.now() - started - at, status: 0, code: String(error) });
        continue;
      }
      const body = res.status >= 400 ? res.json() : write ? res.json() : null;
      outcomes.push({
        startedAt: at,
        ms: Date.now() - started - at,
        status: res.status,
        code: res.status >= 400 ? body.error.code : undefined,
        retryAfter: res.headers["retry-after"],
        created: write && res.status === 201 ? body.id : undefined,
      });
      if (res.status === 503) await new Promise((r) => setTimeout(r, 200)); // a client backs off a little
    }
  };
  await Promise.all([0, 1, 2, 3].map(worker));
  await restart;

  // Every request: a success or a typed 503 with Retry-After, and never a wait over 5 s.
  const odd = outcomes.filter((o) => !(o.status === 200 || o.status === 201 || (o.status === 503 && ["database_unavailable", "database_busy"].includes(o.code!) && Number(o.retryAfter) > 0)));
  assert.deepEqual(odd, [], "only successes and typed 503s");
  const slow = outcomes.filter((o) => o.ms > 5000);
  assert.deepEqual(slow, [], "no answer took over 5 s");
  const refused = outcomes.filter((o) => o.status === 503);
  assert.ok(refused.length > 0, "the outage was seen");
  // Back within a few seconds of the restart, with the app untouched.
  const lateFailures = outcomes.filter((o) => o.startedAt > restartedAt + 3000 && o.status >= 400);
  assert.deepEqual(lateFailures, [], `everything succeeds again 3 s after the restart (at ${restartedAt} ms)`);
  assert.ok(outcomes.filter((o) => o.startedAt > restartedAt + 3000).length > 10, "and the load went on");

  // Every acknowledged write is there.
  const admin = new pg.Client({ connectionString: database.urls.adminUrl });
  await admin.connect();
  try {
    const acknowledged = outcomes.flatMap((o) => (o.created ? [o.created] : []));
    const { rows } = await admin.query<{ id: string }>("SELECT id FROM projects WHERE id = ANY($1::uuid[])", [acknowledged]);
    assert.equal(rows.length, acknowledged.length, "every 201 is in the database");

    // Every stream: every committed project.created event exactly once, in order.
    const committed = await admin.query<{ id: string }>("SELECT id::text FROM events WHERE tenant_id = $1 AND type = 'project.created' ORDER BY events.id", [tenantId]);
    const expected = committed.rows.map((r) => r.id);
    assert.ok(expected.length >= acknowledged.length);
    await new Promise((r) => setTimeout(r, 3000)); // the last events reach every stream
    for (const [i, stream] of streams.entries()) {
      const received = stream.events.filter((e) => e.event === "project.created").map((e) => e.id);
      const missing = expected.filter((id) => !received.includes(id));
      const extra = received.filter((id) => !expected.includes(id));
      const repeated = received.filter((id, at) => received.indexOf(id) !== at);
      assert.deepEqual({ missing, extra, repeated }, { missing: [], extra: [], repeated: [] }, `stream ${i} (${stream.reconnects()} reconnects)`);
      assert.deepEqual(received, expected, `stream ${i}: in commit order`);
    }
  } finally {
    await admin.end();
    for (const stream of streams) stream.close();
  }
  // Through it all, nothing went unhandled in the app.
  for (const instance of instances) assert.doesNotMatch(instance.output(), /uncaughtException|unhandled rejection/);
});

test("the LISTEN connections terminated by the server: live updates continue, nothing lost", { timeout: 60_000 }, async () => {
  const auth = { authorization: `Bearer ${key}` };
  const streams = instances.map((instance) => openResumingStream("acme.localhost", auth, [instance.port]));
  await Promise.all(streams.map((s) => s.connected));
  const superuser = new pg.Client({ connectionString: database.urls.superUrl });
  await superuser.connect();
  try {
    const { rows } = await superuser.query<{ n: number }>("SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE query LIKE 'LISTEN %'");
    assert.ok(rows[0].n >= 2, `both instances' LISTEN connections were cut (${rows[0].n})`);
    const names = Array.from({ length: 5 }, (_, i) => `After LISTEN cut ${Date.now()} ${i}`);
    for (const [i, name] of names.entries()) {
      const res = await request("acme.localhost", "/api/projects", { port: instances[i % 2].port, method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ name }) });
      assert.equal(res.status, 201, res.body);
    }
    for (const stream of streams) {
      for (let i = 0; i < 100 && names.some((n) => !stream.events.some((e) => e.data.payload?.name === n)); i++) await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(names.filter((n) => !stream.events.some((e) => e.data.payload?.name === n)), [], "every write reached the stream");
    }
  } finally {
    await superuser.end();
    for (const stream of streams) stream.close();
  }
});
