// A workspace in use moves to a dedicated database on the second server and back, through the
// running app: a client keeps writing over HTTP (retrying on the typed 503 tenant_moving, as told),
// and an event stream stays subscribed throughout (resuming with Last-Event-ID when the move ends
// it). Every acknowledged write is stored once and reaches the stream once, in order; the
// workspace reads the same wherever it is.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { hashPassword } from "@/lib/auth/password";
import { moveTenant } from "../../scripts/tenantry/placements/move";
import { adminUrl, asTenant, createTenants, uniqueSlug } from "../support/env";
import { request } from "../support/http";
import { sessionCookie } from "../support/session";
import { openResumingStream } from "../support/sse";

const PASSWORD = "live-move-password";
const slug = uniqueSlug("livemove");
const host = `${slug}.localhost`;
const email = `owner@${slug}.test`;
let tenants: Awaited<ReturnType<typeof createTenants>>;
let cookie: string;

before(async () => {
  tenants = await createTenants([slug]);
  const user = await tenants.admin.query("INSERT INTO users (email, name, password_hash) VALUES ($1, 'Owner Mover', $2) RETURNING id", [email, await hashPassword(PASSWORD)]);
  await asTenant(tenants.admin, tenants.ids[0], () => tenants.admin.query("INSERT INTO memberships (user_id, role) VALUES ($1, 'owner')", [user.rows[0].id]));
  cookie = await sessionCookie(host, email, PASSWORD);
});

after(async () => {
  const { rows } = await tenants.admin.query("SELECT placement FROM tenants WHERE id = $1", [tenants.ids[0]]);
  if (rows[0]?.placement === "dedicated") await moveTenant(adminUrl(), slug, { placement: "shared" });
  await tenants.admin.query("DELETE FROM users WHERE email = $1", [email]);
  await tenants.cleanup();
});

/** What the workspace shows: its projects, as the API lists them (every page). */
async function projects(): Promise<unknown[]> {
  const all: unknown[] = [];
  for (let after: string | null = ""; after !== null; ) {
    const res = await request(host, `/api/projects?limit=100${after ? `&after=${after}` : ""}`, { headers: { cookie } });
    assert.equal(res.status, 200, res.body);
    const page = res.json<{ data: unknown[]; nextCursor: string | null }>();
    all.push(...page.data);
    after = page.nextCursor;
  }
  return all;
}

test("moved to a dedicated database and back while written to and watched over HTTP: nothing lost, doubled or reordered", async () => {
  for (let i = 0; i < 5; i++) assert.equal((await request(host, "/api/projects", { method: "POST", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify({ name: `before ${i}` }) })).status, 201);
  const stream = openResumingStream(host, { cookie }, [Number(process.env.TENANTRY_TEST_PORT)], { from: "0", retryMs: 100 });
  await stream.connected;

  const acknowledged: string[] = [];
  let refused = 0;
  let stop = false;
  const writer = (async () => {
    for (let i = 0; !stop; ) {
      const name = `during ${i}`;
      const res = await request(host, "/api/projects", { method: "POST", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify({ name }) });
      if (res.status === 201) {
        acknowledged.push(name);
        i++;
        continue;
      }
      assert.equal(res.status, 503, res.body);
      assert.equal(res.json().error.code, "tenant_moving", res.body);
      assert.equal(res.headers["retry-after"], "1");
      refused++;
      await new Promise((r) => setTimeout(r, 100)); // sooner than the hint says, to meet the window more than once
    }
  })();

  try {
    await new Promise((r) => setTimeout(r, 500));
    const there = await moveTenant(adminUrl(), slug, { placement: "dedicated", server: "second" });
    assert.equal(there.to, "dedicated:second");
    await new Promise((r) => setTimeout(r, 500));
    await moveTenant(adminUrl(), slug, { placement: "shared" });
    await new Promise((r) => setTimeout(r, 500));
  } finally {
    stop = true;
    await writer;
  }
  assert.ok(acknowledged.length > 5, `${acknowledged.length} writes got through`);

  const expected = [...Array.from({ length: 5 }, (_, i) => `before ${i}`), ...acknowledged];
  const stored = (await projects()) as { name: string }[];
  assert.deepEqual(stored.map((p) => p.name).sort(), [...expected].sort(), "every acknowledged write stored once, nothing else");

  // The stream saw each write once, in order, across the reconnects the two moves caused.
  const until = Date.now() + 10_000;
  const created = () => stream.events.filter((e) => e.event === "project.created");
  while (created().length < expected.length && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  stream.close();
  assert.deepEqual(created().map((e) => e.data.payload.name), expected);
  const ids = stream.events.map((e) => BigInt(e.id));
  assert.ok(ids.every((id, i) => i === 0 || id > ids[i - 1]), "event ids only grow");
  assert.ok(stream.reconnects() >= 1, "the moves ended the stream, and it resumed");

  // The same workspace wherever it lives: shared now, then dedicated again.
  const onShared = await projects();
  await moveTenant(adminUrl(), slug, { placement: "dedicated", server: "second" });
  assert.deepEqual(await projects(), onShared);
  console.log(`${acknowledged.length} writes acknowledged, ${refused} refused during the cut-overs, ${stream.reconnects()} stream reconnects`);
});
