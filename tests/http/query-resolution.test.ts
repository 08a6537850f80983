// Naming the tenant with ?tenant=<slug>: off by default; when TENANTRY_RESOLVERS turns it on, it
// works for the JSON API on the root domain with an API key of that tenant, and never alone.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createApiKey } from "@/lib/tenancy";
import { startNext } from "../../bench/next-server";
import { asUser, testDatabase, type TestDatabase } from "../support/db";
import { adminUrl, appUrl, connect } from "../support/env";
import { request } from "../support/http";
import { sessionCookie } from "../support/session";

const port = Number(process.env.TENANTRY_TEST_PORT ?? 3100) + 2;
const RESOLVERS = "subdomain,custom-domain,path,header,query,session";
let server: ReturnType<typeof startNext>;
let db: TestDatabase;
const keys = {} as Record<"acme" | "globex", { id: string; key: string }>;

const get = (path: string, headers: Record<string, string> = {}, on = port) => request("localhost", path, { port: on, headers });

before(async () => {
  server = startNext(port, { TENANTRY_RESOLVERS: RESOLVERS });
  const admin = await connect(adminUrl());
  const { rows } = await admin.query(
    `SELECT (SELECT id FROM tenants WHERE slug = 'acme') AS acme, (SELECT id FROM tenants WHERE slug = 'globex') AS globex,
            (SELECT id FROM users WHERE email = 'alice@acme.test') AS alice, (SELECT id FROM users WHERE email = 'gina@globex.test') AS gina`,
  );
  await admin.end();
  db = testDatabase(await appUrl(), 1);
  keys.acme = await createApiKey(db.client(rows[0].acme), { name: `query ${Date.now()}`, role: "viewer" }, asUser(rows[0].alice));
  keys.globex = await createApiKey(db.client(rows[0].globex), { name: `query ${Date.now()}`, role: "viewer" }, asUser(rows[0].gina));
  await server.ready;
});

after(async () => {
  server.stop();
  const admin = await connect(adminUrl());
  await admin.query("DELETE FROM api_keys WHERE id = ANY($1::uuid[])", [[keys.acme.id, keys.globex.id]]);
  await admin.end();
  await db.end();
});

test("on: ?tenant= with that tenant's API key answers with that tenant's rows", async () => {
  const res = await get("/api/projects?tenant=acme", { authorization: `Bearer ${keys.acme.key}` });
  assert.equal(res.status, 200, res.body);
  assert.ok(res.json().data.length > 0);
  const globex = await get("/api/projects?tenant=globex", { authorization: `Bearer ${keys.globex.key}` });
  assert.equal(globex.status, 200);
  assert.notDeepEqual(globex.json().data.map((p: { id: string }) => p.id), res.json().data.map((p: { id: string }) => p.id));
});

test("on: never alone: no key 401, a session 401, another tenant's key 404, an unknown or malformed tenant 404", async () => {
  const none = await get("/api/projects?tenant=acme");
  assert.equal(none.status, 401);
  assert.equal(none.json().error.message, "?tenant= must come with an API key.");
  const cookie = await sessionCookie("acme.localhost", "alice@acme.test");
  assert.equal((await get("/api/projects?tenant=acme", { cookie })).status, 401);
  const foreign = await get("/api/projects?tenant=acme", { authorization: `Bearer ${keys.globex.key}` });
  assert.equal(foreign.status, 404);
  assert.equal(foreign.json().error.code, "tenant_not_found");
  for (const tenant of ["no-such-tenant", "NOT%20A%20SLUG", "%00"]) {
    const res = await get(`/api/projects?tenant=${tenant}`, { authorization: `Bearer ${keys.acme.key}` });
    assert.equal(res.status, 404, `${tenant}: ${res.body}`);
  }
});

test("on: a page, or a tenant's own host, does not take the parameter", async () => {
  const page = await get("/?tenant=acme");
  assert.doesNotMatch(page.body, /Acme Corp/);
  // On globex's own host the host decides: acme's key is refused there.
  const res = await request("globex.localhost", "/api/projects?tenant=acme", { port, headers: { authorization: `Bearer ${keys.acme.key}` } });
  assert.equal(res.status, 404);
});

test("off by default: the test server ignores the parameter", async () => {
  const res = await get("/api/projects?tenant=acme", { authorization: `Bearer ${keys.acme.key}` }, Number(process.env.TENANTRY_TEST_PORT ?? 3100));
  assert.notEqual(res.status, 200);
});
