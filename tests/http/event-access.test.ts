// An open event stream is not a pass for ever: each heartbeat re-checks the caller, so a revoked
// API key, a removed membership or a closed workspace ends the stream, and reconnecting is refused.
// (`npm test` runs the app with a 1 s heartbeat; the role cache adds up to 2 s.)
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createApiKey, revokeApiKey } from "@/lib/tenancy";
import { TEST_OPERATOR, testDatabase, type TestDatabase } from "../support/db";
import { adminUrl, appUrl, connect, createTenants, uniqueSlug } from "../support/env";
import { request } from "../support/http";
import { sessionCookie } from "../support/session";
import { openEventStream } from "../support/sse";

const CUT_OFF_MS = 8_000;
const slug = uniqueSlug("access");
const host = `${slug}.localhost`;
let tenants: Awaited<ReturnType<typeof createTenants>>;
let db: TestDatabase;

before(async () => {
  tenants = await createTenants([slug]);
  db = testDatabase(await appUrl(), 1);
});

after(async () => {
  await db.end();
  await tenants.cleanup();
});

function endsWithin(stream: ReturnType<typeof openEventStream>, ms: number) {
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the stream stayed open for ${ms} ms`)), ms).unref());
  return Promise.race([stream.ended, timeout]);
}

test("a stream with intact access stays open across heartbeats; revoking its key ends it", async () => {
  const { id, key } = await createApiKey(db.client(tenants.ids[0]), { name: "stream", role: "viewer" }, TEST_OPERATOR);
  const stream = openEventStream(host, { authorization: `Bearer ${key}` });
  try {
    await stream.ready;
    assert.equal(stream.status(), 200);
    const stillOpen = await Promise.race([stream.ended.then(() => false), new Promise((r) => setTimeout(() => r(true), 3000))]);
    assert.equal(stillOpen, true, "three heartbeats with access must not end the stream");
    assert.equal(await revokeApiKey(db.client(tenants.ids[0]), id, TEST_OPERATOR), true);
    await endsWithin(stream, CUT_OFF_MS);
  } finally {
    stream.close();
  }
  assert.equal((await request(host, "/api/events", { headers: { authorization: `Bearer ${key}` } })).status, 401);
});

test("closing the workspace ends its streams", async () => {
  const { key } = await createApiKey(db.client(tenants.ids[0]), { name: "closing", role: "viewer" }, TEST_OPERATOR);
  const stream = openEventStream(host, { authorization: `Bearer ${key}` });
  try {
    await stream.ready;
    assert.equal(stream.status(), 200);
    await tenants.admin.query("UPDATE tenants SET status = 'inactive' WHERE id = $1", [tenants.ids[0]]);
    await endsWithin(stream, CUT_OFF_MS);
  } finally {
    stream.close();
    await tenants.admin.query("UPDATE tenants SET status = 'active' WHERE id = $1", [tenants.ids[0]]);
  }
});

test("removing a member ends their stream, and they cannot reconnect", async () => {
  const admin = await connect(adminUrl());
  const { rows } = await admin.query("SELECT (SELECT id FROM tenants WHERE slug = 'acme') AS acme, (SELECT id FROM users WHERE email = 'gina@globex.test') AS gina");
  const { acme, gina } = rows[0];
  await admin.query("INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'viewer')", [acme, gina]);
  try {
    const cookie = await sessionCookie("acme.localhost", "gina@globex.test");
    const stream = openEventStream("acme.localhost", { cookie });
    try {
      await stream.ready;
      assert.equal(stream.status(), 200);
      await admin.query("DELETE FROM memberships WHERE tenant_id = $1 AND user_id = $2", [acme, gina]);
      await endsWithin(stream, CUT_OFF_MS);
    } finally {
      stream.close();
    }
    assert.equal((await request("acme.localhost", "/api/events", { headers: { cookie } })).status, 404);
  } finally {
    await admin.query("DELETE FROM memberships WHERE tenant_id = $1 AND user_id = $2", [acme, gina]);
    await admin.end();
  }
});
