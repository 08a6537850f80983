// A subscriber that stops reading cannot make the server hold an unbounded backlog for it: once
// socket buffers and its queue of MAX_QUEUED_BYTES are full, the server ends its stream; the
// client resumes with Last-Event-ID and gets exactly the rest from the log.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createApiKey } from "@/lib/tenancy";
import { TEST_OPERATOR, testDatabase, type TestDatabase } from "../support/db";
import { appUrl, asTenant, createTenants, uniqueSlug } from "../support/env";
import { openEventStream } from "../support/sse";

// Well beyond what loopback socket buffers hold (a few MiB at most) plus the bounded queue, at
// about 330 bytes per event on the wire.
const EVENTS = 30_000;
const BATCH = 1_000;
const slug = uniqueSlug("slow");
let tenants: Awaited<ReturnType<typeof createTenants>>;
let headers: Record<string, string>;

before(async () => {
  tenants = await createTenants([slug]);
  const db = testDatabase(await appUrl(), 1);
  const { key } = await createApiKey(db.client(tenants.ids[0]), { name: "slow reader", role: "viewer" }, TEST_OPERATOR);
  await db.end();
  headers = { authorization: `Bearer ${key}` };
});

after(() => tenants.cleanup());

test("a stalled subscriber is cut off and resumes from the log with nothing lost or repeated", async () => {
  const host = `${slug}.localhost`;
  const stalled = openEventStream(host, headers, undefined, { paused: true });
  const reader = openEventStream(host, headers); // reads everything: tells when fan-out is done
  try {
    await Promise.all([stalled.ready, reader.ready]);
    assert.equal(stalled.status(), 200);
    // In batches the reading subscriber keeps up with, so only the stalled one falls behind.
    for (let written = 0; written < EVENTS; written += BATCH) {
      await asTenant(tenants.admin, tenants.ids[0], () =>
        tenants.admin.query(
          "INSERT INTO events (type, payload) SELECT 'employee.updated', jsonb_build_object('n', n, 'name', repeat('x', 200)) FROM generate_series($1::int, $2::int) AS n",
          [written + 1, written + BATCH],
        ),
      );
      await reader.waitFor(written + BATCH, 30_000);
    }
    const all = reader.events;

    stalled.resume();
    // The server ended the stream rather than queueing without bound.
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error("the server kept the stalled stream open")), 15_000).unref());
    await Promise.race([stalled.ended, timeout]);
    const got = stalled.events.length;
    assert.ok(got > 0 && got < EVENTS, `the stalled subscriber got ${got} of ${EVENTS} before it was cut off`);
    assert.deepEqual(stalled.events.map((e) => e.id), all.slice(0, got).map((e) => e.id), "what it got is a prefix, in order");

    const resumed = openEventStream(host, { ...headers, "last-event-id": stalled.events[got - 1].id });
    try {
      const rest = await resumed.waitFor(EVENTS - got, 60_000);
      await new Promise((r) => setTimeout(r, 300)); // nothing more may follow
      assert.equal(resumed.events.length, EVENTS - got);
      assert.deepEqual(rest.map((e) => e.id), all.slice(got).map((e) => e.id));
    } finally {
      resumed.close();
    }
  } finally {
    stalled.close();
    reader.close();
  }
});
