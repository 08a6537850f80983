// The dashboard's live figures: a stream opened with ?view=dashboard gets, after each batch of
// changes, one `summary` event with the workspace's figures and projects as they now are,
// computed once for all of the tenant's dashboards on the instance; other streams get none;
// another tenant's dashboards see nothing of it; a page that resumes after events it missed
// gets the figures at once; bad parameters are a 400.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createApiKey } from "@/lib/tenancy";
import { TEST_OPERATOR, testDatabase, type TestDatabase } from "../support/db";
import { appUrl, createTenants, uniqueSlug } from "../support/env";
import { request } from "../support/http";
import { openEventStream } from "../support/sse";

let tenants: Awaited<ReturnType<typeof createTenants>>;
let db: TestDatabase;
const slugs = [uniqueSlug("summary-a"), uniqueSlug("summary-b")];
const keys: string[] = [];

before(async () => {
  tenants = await createTenants(slugs);
  db = testDatabase(await appUrl(), 1);
  for (const id of tenants.ids) keys.push((await createApiKey(db.client(id), { name: "summary", role: "admin" }, TEST_OPERATOR)).key);
});

after(async () => {
  await db.end();
  await tenants.cleanup();
});

const auth = (i: number) => ({ authorization: `Bearer ${keys[i]}` });
const dashboardStream = (i: number, query = "") => openEventStream(`${slugs[i]}.localhost`, auth(i), undefined, { path: `/api/events?view=dashboard${query}` });
const createProject = (i: number, name: string) =>
  request(`${slugs[i]}.localhost`, "/api/projects", { method: "POST", headers: { ...auth(i), "content-type": "application/json" }, body: JSON.stringify({ name }) });

async function until(check: () => boolean, what: string) {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(check(), what);
}

test("a dashboard's stream gets the figures after a change; a plain stream and another tenant's dashboard get none", async () => {
  const dashboards = [dashboardStream(0), dashboardStream(0)];
  const plain = openEventStream(`${slugs[0]}.localhost`, auth(0));
  const other = dashboardStream(1);
  await Promise.all([...dashboards, plain, other].map((s) => s.ready));
  assert.equal((await createProject(0, "Summed")).status, 201);
  for (const stream of dashboards) {
    await until(() => stream.summaries.length > 0, "the dashboard got a summary");
    const summary = stream.summaries.at(-1);
    assert.deepEqual(summary.projects.map((p: { name: string }) => p.name), ["Summed"]);
    assert.equal(summary.stats.projects.active, 1);
    assert.equal(summary.stats.headcount, 0);
    assert.equal(summary.cursor, stream.events.at(-1)!.id, "the figures include the event just sent");
  }
  await until(() => plain.events.length > 0, "the plain stream got the event");
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(plain.summaries.length, 0, "and no summary");
  assert.equal(other.summaries.length + other.events.length, 0, "the other tenant's dashboard saw nothing");
  for (const stream of [...dashboards, plain, other]) stream.close();
});

test("a dashboard that resumes after events it missed gets the figures at once", async () => {
  const start = await request(`${slugs[0]}.localhost`, "/api/projects?limit=1", { headers: auth(0) });
  assert.equal(start.status, 200);
  const first = dashboardStream(0);
  await first.ready;
  assert.equal((await createProject(0, "Missed")).status, 201);
  await until(() => first.events.length > 0, "the event");
  const missed = first.events[0].id;
  first.close();
  const resumed = dashboardStream(0, `&lastEventId=${BigInt(missed) - 1n}`);
  await until(() => resumed.summaries.length > 0, "a summary right after the replay");
  assert.deepEqual(resumed.events.map((e) => e.id), [missed]);
  assert.ok(resumed.summaries[0].projects.some((p: { name: string }) => p.name === "Missed"));
  resumed.close();
});

test("with no workspace named, a dashboard stream is a 404 and carries nothing", async () => {
  const res = await request("localhost", "/api/events?view=dashboard", { headers: auth(0) });
  assert.equal(res.status, 404);
  assert.equal(res.json().error.code, "tenant_not_found");
});

test("bad stream parameters are a 400 naming the field", async () => {
  for (const [query, field] of [["?view=everything", "view"], ["?lastEventId=abc", "lastEventId"], ["?lastEventId=1%00", "lastEventId"], ["?colour=blue", "colour"]] as const) {
    const res = await request(`${slugs[0]}.localhost`, `/api/events${query}`, { headers: auth(0) });
    assert.equal(res.status, 400, query);
    assert.ok(res.json().error.fields[field], query);
  }
});
