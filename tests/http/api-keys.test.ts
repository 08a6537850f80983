// API keys authenticate the JSON API without a browser session: per tenant, stored hashed, with a
// role, revocable. Every JSON route is tried with each kind of credential.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { TenancyError } from "@/lib/errors";
import { createApiKey, revokeApiKey } from "@/lib/tenancy";
import { asUser, testDatabase, type TestDatabase } from "../support/db";
import { adminUrl, appUrl, connect, deleteRunRows } from "../support/env";
import { request } from "../support/http";

type Ids = Record<"acme" | "globex" | "alice" | "gina", string>;
const ids = {} as Ids;
const keys = {} as Record<"viewer" | "member" | "revoked" | "globex", string>;
const keyIds: string[] = [];
let db: TestDatabase;
const RUN = `k${Date.now()}`;

before(async () => {
  const admin = await connect(adminUrl());
  const { rows } = await admin.query(`
    SELECT (SELECT id FROM tenants WHERE slug = 'acme') AS acme, (SELECT id FROM tenants WHERE slug = 'globex') AS globex,
           (SELECT id FROM users WHERE email = 'alice@acme.test') AS alice, (SELECT id FROM users WHERE email = 'gina@globex.test') AS gina`);
  await admin.end();
  Object.assign(ids, rows[0]);
  db = testDatabase(await appUrl(), 2);
  const acme = db.client(ids.acme);
  for (const [name, role] of [["viewer", "viewer"], ["member", "member"], ["revoked", "member"]] as const) {
    const created = await createApiKey(acme, { name: `${RUN} ${name}`, role }, asUser(ids.alice));
    keys[name] = created.key;
    keyIds.push(created.id);
  }
  assert.equal(await revokeApiKey(acme, keyIds[2], asUser(ids.alice)), true);
  const globex = await createApiKey(db.client(ids.globex), { name: `${RUN} globex`, role: "admin" }, asUser(ids.gina));
  keys.globex = globex.key;
  keyIds.push(globex.id);
});

after(async () => {
  const admin = await connect(adminUrl());
  await admin.query("DELETE FROM api_keys WHERE id = ANY($1::uuid[])", [keyIds]);
  await admin.end();
  await deleteRunRows(RUN);
  await db.end();
});

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const json = { "content-type": "application/json" };

const ROUTES = [
  { method: "GET", path: "/api/employees" },
  { method: "GET", path: "/api/projects" },
  { method: "POST", path: "/api/projects", body: () => JSON.stringify({ name: `${RUN} ${Math.random()}` }) },
] as const;

for (const route of ROUTES) {
  const call = (host: string, headers: Record<string, string> = {}) =>
    request(host, route.path, { method: route.method, headers: { ...json, ...headers }, body: "body" in route ? route.body() : undefined });

  describe(`${route.method} ${route.path}`, () => {
    test("no credentials: 401", async () => {
      const res = await call("acme.localhost");
      assert.equal(res.status, 401);
      assert.equal(res.json().error.code, "unauthenticated");
    });

    test("another tenant's key: 404 as for no workspace, and nothing of either tenant", async () => {
      const res = await call("acme.localhost", bearer(keys.globex));
      assert.equal(res.status, 404);
      assert.deepEqual(res.json(), { error: { code: "tenant_not_found", message: "No workspace exists at this address." } });
    });

    test("a revoked key, or a made-up one: 401", async () => {
      for (const key of [keys.revoked, `tnt_${"x".repeat(43)}`, "not-a-key"]) {
        const res = await call("acme.localhost", bearer(key));
        assert.equal(res.status, 401, key);
      }
    });

    test("X-Tenant-ID without a key: 401", async () => {
      const res = await call("localhost", { "x-tenant-id": "acme" });
      assert.equal(res.status, 401);
      assert.match(res.json().error.message, /API key/);
    });

    test("X-Tenant-ID naming a tenant the key is not for: 404, as for one that does not exist", async () => {
      const res = await call("localhost", { "x-tenant-id": "acme", ...bearer(keys.globex) });
      const none = await call("localhost", { "x-tenant-id": "no-such-co", ...bearer(keys.globex) });
      assert.equal(res.status, 404);
      assert.deepEqual(res.json(), none.json());
    });

    if (route.method === "GET") {
      test("a valid key, by subdomain or by X-Tenant-ID: 200 with that tenant's rows only", async () => {
        for (const [host, headers] of [
          ["acme.localhost", bearer(keys.viewer)],
          ["localhost", { "x-tenant-id": "acme", ...bearer(keys.viewer) }],
          ["localhost", { "x-tenant-id": ids.acme, ...bearer(keys.viewer) }],
        ] as const) {
          const res = await call(host, headers);
          assert.equal(res.status, 200, `${host} ${JSON.stringify(headers)}`);
          const rows = res.json().data as { email?: string; name: string }[];
          assert.ok(rows.length > 0);
          if (route.path === "/api/employees") for (const r of rows) assert.match(r.email!, /@acme\.test$/);
        }
      });
    } else {
      test("a viewer key may not write: 403, nothing written", async () => {
        const before = await db.client(ids.acme).project.count();
        const res = await call("acme.localhost", bearer(keys.viewer));
        assert.equal(res.status, 403);
        assert.equal(await db.client(ids.acme).project.count(), before);
      });

      test("a member key writes to its own tenant only, with its event", async () => {
        const name = `${RUN} made by key`;
        const res = await request("acme.localhost", route.path, { method: "POST", headers: { ...json, ...bearer(keys.member) }, body: JSON.stringify({ name, status: "planned" }) });
        assert.equal(res.status, 201, res.body);
        assert.deepEqual({ name: res.json().name, status: res.json().status }, { name, status: "planned" });
        assert.equal(await db.client(ids.acme).project.count({ where: { name } }), 1);
        assert.equal(await db.client(ids.globex).project.count({ where: { name } }), 0);
        assert.equal(await db.client(ids.acme).event.count({ where: { type: "project.created", payload: { path: ["name"], equals: name } } }), 1);
      });
    }
  });
}

test("an unknown X-Tenant-ID is a typed 404", async () => {
  const res = await request("localhost", "/api/employees", { headers: { "x-tenant-id": "no-such-tenant", ...bearer(keys.viewer) } });
  assert.equal(res.status, 404);
  assert.equal(res.json().error.code, "tenant_not_found");
});

describe("POST /api/projects with bad input", () => {
  const cases: [string, string, string][] = [
    ["empty object", "{}", "name"],
    ["empty name", JSON.stringify({ name: "  " }), "name"],
    ["name too long", JSON.stringify({ name: "x".repeat(121) }), "name"],
    ["wrong type", JSON.stringify({ name: 5 }), "name"],
    ["unknown status", JSON.stringify({ name: `${RUN} s`, status: "someday" }), "status"],
    ["unknown field", JSON.stringify({ name: `${RUN} u`, tenantId: "00000000-0000-0000-0000-000000000000" }), "tenantId"],
    ["not JSON", "{name:", "_"],
    ["taken name", JSON.stringify({ name: "Rocket Skates" }), "name"],
  ];
  for (const [label, body, field] of cases) {
    test(`${label}: 400 naming "${field}", nothing written`, async () => {
      const acme = db.client(ids.acme);
      const [projects, events] = [await acme.project.count(), await acme.event.count()];
      const res = await request("acme.localhost", "/api/projects", { method: "POST", headers: { ...json, ...bearer(keys.member) }, body });
      assert.equal(res.status, 400, res.body);
      assert.equal(res.json().error.code, "invalid_request");
      assert.ok(res.json().error.fields[field]?.length, res.body);
      assert.deepEqual([await acme.project.count(), await acme.event.count()], [projects, events]);
    });
  }
});

test("an active key's name is unique in its workspace, whatever the case; a revoked key frees it (#14 defect 9)", async () => {
  const acme = db.client(ids.acme);
  const name = `${RUN} deploy bot`;
  const first = await createApiKey(acme, { name, role: "viewer" }, asUser(ids.alice));
  keyIds.push(first.id);
  await assert.rejects(createApiKey(acme, { name: name.toUpperCase(), role: "member" }, asUser(ids.alice)), (error: TenancyError) => {
    assert.equal(error.code, "invalid_request");
    assert.match(error.fields?.name?.[0] ?? "", /already has this name/);
    return true;
  });
  // Another workspace may use the name.
  const elsewhere = await createApiKey(db.client(ids.globex), { name, role: "viewer" }, asUser(ids.gina));
  keyIds.push(elsewhere.id);
  assert.equal(await revokeApiKey(acme, first.id, asUser(ids.alice)), true);
  const again = await createApiKey(acme, { name, role: "viewer" }, asUser(ids.alice));
  keyIds.push(again.id);
});
