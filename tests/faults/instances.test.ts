// An app instance killed or stopped under load: with SIGKILL its event streams resume on the
// other instance from Last-Event-ID with nothing lost or repeated; with SIGTERM it finishes its
// in-flight requests, ends its streams with a retry hint, closes its pools and exits within
// its bound.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import pg from "pg";
import { createApiKey } from "@/lib/tenancy";
import { TEST_OPERATOR, testDatabase, type TestDatabase } from "../support/db";
import { adminUrl, appUrl, asTenant, connect, createTenants, uniqueSlug } from "../support/env";
import { request } from "../support/http";
import { startSecondInstance } from "../support/second-instance";
import { openEventStream, openResumingStream } from "../support/sse";

let tenants: Awaited<ReturnType<typeof createTenants>>;
let db: TestDatabase;
let slug: string;
let key: string;

before(async () => {
  slug = uniqueSlug("instances");
  tenants = await createTenants([slug]);
  db = testDatabase(await appUrl(), 1);
  ({ key } = await createApiKey(db.client(tenants.ids[0]), { name: "instances", role: "admin" }, TEST_OPERATOR));
});

after(async () => {
  await db.end();
  await tenants.cleanup();
});

const auth = () => ({ authorization: `Bearer ${key}` });
const createProject = (port: number, name: string) =>
  request(`${slug}.localhost`, "/api/projects", { port, method: "POST", headers: { ...auth(), "content-type": "application/json" }, body: JSON.stringify({ name }) });

test("SIGKILL of one of two instances under load: its streams resume on the other with nothing lost or repeated", { timeout: 120_000 }, async () => {
  const [doomed, survivor] = await Promise.all([startSecondInstance(10), startSecondInstance(11)]);
  try {
    const streams = Array.from({ length: 20 }, () => openResumingStream(`${slug}.localhost`, auth(), [doomed.port, survivor.port], { from: "0" }));
    await Promise.all(streams.map((s) => s.connected));
    const written: string[] = [];
    const load = (async () => {
      for (let i = 0; i < 60; i++) {
        const res = await createProject(survivor.port, `Killed ${i}`);
        assert.equal(res.status, 201, res.body);
        written.push(res.json().id);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    await new Promise((r) => setTimeout(r, 1000));
    doomed.process.kill("SIGKILL");
    await load;
    await new Promise((r) => setTimeout(r, 3000)); // reconnected streams catch up from the log
    const { rows } = await tenants.admin.query<{ id: string }>("SELECT id::text FROM events WHERE tenant_id = $1 AND type = 'project.created' ORDER BY events.id", [tenants.ids[0]]);
    const expected = rows.map((r) => r.id);
    assert.equal(expected.length, written.length);
    for (const [i, stream] of streams.entries()) {
      const received = stream.events.filter((e) => e.event === "project.created").map((e) => e.id);
      assert.ok(stream.reconnects() >= 1, `stream ${i} lost its instance and reconnected`);
      assert.deepEqual(received, expected, `stream ${i}: every event once, in order`);
      stream.close();
    }
  } finally {
    await Promise.all([doomed.exited, survivor.stop()]);
  }
});

test("SIGTERM: in-flight requests complete, streams end with a retry hint, pools close, the process exits within its bound", { timeout: 60_000 }, async () => {
  const bound = 8000;
  const instance = await startSecondInstance(12, { TENANTRY_SHUTDOWN_MS: String(bound) });
  const { rows } = await asTenant(tenants.admin, tenants.ids[0], () =>
    tenants.admin.query<{ id: string }>("INSERT INTO employees (name, email, title, department) VALUES ('Tess Term', 'tess@term.test', '', '') RETURNING id"),
  );
  const streams = Array.from({ length: 5 }, () => openEventStream(`${slug}.localhost`, auth(), instance.port));
  await Promise.all(streams.map((s) => s.ready));
  // A request in flight when the signal comes: an update that waits on a row we hold.
  const holder: pg.Client = await connect(adminUrl());
  await holder.query("BEGIN");
  await holder.query("SELECT 1 FROM employees WHERE id = $1 FOR UPDATE", [rows[0].id]);
  try {
    const inFlight = request(`${slug}.localhost`, `/api/employees/${rows[0].id}`, {
      port: instance.port,
      method: "PATCH",
      headers: { ...auth(), "content-type": "application/json" },
      body: JSON.stringify({ title: "Finished after SIGTERM" }),
    });
    await new Promise((r) => setTimeout(r, 500));
    const signalled = Date.now();
    instance.process.kill("SIGTERM");
    await Promise.all(streams.map((s) => s.ended));
    assert.ok(Date.now() - signalled < 2000, `the streams ended at once (${Date.now() - signalled} ms)`);
    await new Promise((r) => setTimeout(r, 1000));
    await holder.query("ROLLBACK");
    const res = await inFlight;
    assert.equal(res.status, 200, `the in-flight request completed: ${res.body}`);
    await instance.exited;
    const took = Date.now() - signalled;
    assert.ok(took < bound, `exited within the bound (${took} ms)`);
    assert.match(instance.output(), /"msg":"drained: requests finished, pools and listeners closed"/);
    assert.doesNotMatch(instance.output(), /unhandled rejection|shutdown bound reached/);
  } finally {
    await holder.query("ROLLBACK").catch(() => {});
    await holder.end();
  }
  const { rows: after } = await tenants.admin.query("SELECT title FROM employees WHERE id = $1", [rows[0].id]);
  assert.equal(after[0].title, "Finished after SIGTERM");
});
