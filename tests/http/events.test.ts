// Live events: every write reaches its own tenant's connected streams, and only those; a stream
// that resumes with Last-Event-ID gets exactly what it missed; instances share events via NOTIFY.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { deleteRunRows } from "../support/env";
import { request } from "../support/http";
import { startSecondInstance } from "../support/second-instance";
import { sessionCookie } from "../support/session";
import { openEventStream } from "../support/sse";

const RUN = `ev${Date.now()}`;
const cookies: Record<string, string> = {};

before(async () => {
  cookies.acme = await sessionCookie("acme.localhost", "alice@acme.test");
  cookies.globex = await sessionCookie("globex.localhost", "gina@globex.test");
});

after(() => deleteRunRows(RUN));

async function createProject(name: string, port?: number) {
  const res = await request("acme.localhost", "/api/projects", {
    method: "POST",
    headers: { cookie: cookies.acme, "content-type": "application/json" },
    body: JSON.stringify({ name }),
    port,
  });
  assert.equal(res.status, 201, res.body);
}

test("a write reaches its tenant's stream within a second, and no other tenant's", async () => {
  const acme = openEventStream("acme.localhost", { cookie: cookies.acme });
  const globex = openEventStream("globex.localhost", { cookie: cookies.globex });
  try {
    await Promise.all([acme.ready, globex.ready]);
    assert.equal(acme.status(), 200);
    const name = `${RUN} live`;
    const t0 = Date.now();
    await createProject(name);
    const [event] = await acme.waitFor(1, 1000);
    assert.ok(Date.now() - t0 < 1000);
    assert.equal(event.event, "project.created");
    assert.equal(event.data.payload.name, name);
    await new Promise((r) => setTimeout(r, 1000));
    assert.deepEqual(globex.events, [], "globex must hear nothing of acme");
  } finally {
    acme.close();
    globex.close();
  }
});

test("the stream checks credentials like every route", async () => {
  for (const [host, headers, status] of [
    ["acme.localhost", {}, 401],
    ["globex.localhost", { cookie: cookies.acme }, 404], // a non-member: as if the workspace did not exist
    ["no-such-co.localhost", { cookie: cookies.acme }, 404],
    ["localhost", {}, 404],
  ] as const) {
    const res = await request(host, "/api/events", { headers });
    assert.equal(res.status, status, host);
  }
});

test("resuming with Last-Event-ID delivers exactly the 50 missed events, in order", async () => {
  const first = openEventStream("acme.localhost", { cookie: cookies.acme });
  await first.ready;
  await createProject(`${RUN} before`);
  const [seen] = await first.waitFor(1);
  first.close();

  const names = Array.from({ length: 50 }, (_, i) => `${RUN} missed ${String(i).padStart(2, "0")}`);
  for (const name of names) await createProject(name);

  const resumed = openEventStream("acme.localhost", { cookie: cookies.acme, "last-event-id": seen.id });
  try {
    const events = await resumed.waitFor(50);
    await new Promise((r) => setTimeout(r, 300)); // nothing more may follow
    assert.equal(resumed.events.length, 50);
    assert.deepEqual(events.map((e) => e.data.payload.name), names);
    const ids = events.map((e) => BigInt(e.id));
    for (let i = 1; i < ids.length; i++) assert.ok(ids[i] > ids[i - 1], "strictly increasing ids");
    assert.ok(ids[0] > BigInt(seen.id));
  } finally {
    resumed.close();
  }
});

test("a write through one instance reaches a browser connected to another", async () => {
  const second = await startSecondInstance(1);
  try {
    const stream = openEventStream("acme.localhost", { cookie: cookies.acme }, second.port);
    try {
      await stream.ready;
      const name = `${RUN} across instances`;
      await createProject(name); // through the first instance
      const [event] = await stream.waitFor(1, 2000);
      assert.equal(event.data.payload.name, name);
    } finally {
      stream.close();
    }
  } finally {
    await second.stop();
  }
});
