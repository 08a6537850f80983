// The JSON API over HTTP against `next start`: every route through withTenant (it skips the proxy).
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { adminUrl, connect } from "../support/env";
import { forgedTenantHeader } from "../support/forged-tenant";
import { request as rawRequest, type RequestInit } from "../support/http";
import { sessionCookie } from "../support/session";

// Signed in as each workspace's owner; requests to a host carry that host's session.
const sessions: Record<string, string> = {};
before(async () => {
  sessions["acme.localhost"] = await sessionCookie("acme.localhost", "alice@acme.test");
  sessions["globex.localhost"] = await sessionCookie("globex.localhost", "gina@globex.test");
});

function request(host: string, path: string, init: RequestInit = {}) {
  const cookie = sessions[host];
  return rawRequest(host, path, { ...init, headers: { ...(cookie ? { cookie } : {}), ...init.headers } });
}

const ROUTES = ["/api/employees", "/api/projects"];

async function allPages(host: string, route: string, limit: number) {
  const items: { id: string; name: string }[] = [];
  let after: string | null = null;
  for (let i = 0; i < 100; i++) {
    const res = await request(host, `${route}?limit=${limit}${after ? `&after=${after}` : ""}`);
    assert.equal(res.status, 200, res.body);
    const page = res.json<{ data: { id: string; name: string }[]; nextCursor: string | null }>();
    items.push(...page.data);
    if (!page.nextCursor) return items;
    after = page.nextCursor;
  }
  throw new Error("pagination did not end");
}

describe("GET /api/employees", () => {
  test("each tenant gets its own employees, every one exactly once across pages", async () => {
    const acme = await allPages("acme.localhost", "/api/employees", 7);
    const globex = await allPages("globex.localhost", "/api/employees", 7);
    assert.ok(acme.length >= 25 && globex.length >= 25);
    assert.equal(new Set(acme.map((e) => e.id)).size, acme.length);
    for (const e of acme as unknown as { email: string }[]) assert.match(e.email, /@acme\.test$/);
    for (const e of globex as unknown as { email: string }[]) assert.match(e.email, /@globex\.test$/);
    const globexIds = new Set(globex.map((e) => e.id));
    assert.ok(acme.every((e) => !globexIds.has(e.id)));
    // Keyset order: by name, then id.
    const sorted = [...acme].sort((a, b) => (a.name === b.name ? (a.id < b.id ? -1 : 1) : a.name < b.name ? -1 : 1));
    assert.deepEqual(acme.map((e) => e.id), sorted.map((e) => e.id));
  });

  test("paging backwards returns the same pages", async () => {
    const first = (await request("acme.localhost", "/api/employees?limit=10")).json();
    const second = (await request("acme.localhost", `/api/employees?limit=10&after=${first.nextCursor}`)).json();
    const back = (await request("acme.localhost", `/api/employees?limit=10&before=${second.prevCursor}`)).json();
    assert.deepEqual(back.data, first.data);
    assert.equal(back.prevCursor, null);
    assert.ok(back.nextCursor);
  });

  test("another tenant's cursor reveals nothing of that tenant", async () => {
    const globex = (await request("globex.localhost", "/api/employees?limit=3")).json();
    const res = await request("acme.localhost", `/api/employees?after=${globex.nextCursor}`);
    assert.equal(res.status, 200);
    for (const e of res.json().data) assert.match(e.email, /@acme\.test$/);
  });
});

describe("every JSON route", () => {
  for (const route of ROUTES) {
    test(`${route}: unknown tenant is a typed 404`, async () => {
      const res = await request("no-such-co.localhost", route);
      assert.equal(res.status, 404);
      assert.deepEqual(res.json(), { error: { code: "tenant_not_found", message: "No workspace exists at this address." } });
    });

    test(`${route}: no tenant (root domain) is a typed 404`, async () => {
      const res = await request("localhost", route);
      assert.equal(res.status, 404);
      assert.equal(res.json().error.code, "tenant_not_found");
    });

    test(`${route}: no session is a typed 401`, async () => {
      const res = await rawRequest("acme.localhost", route);
      assert.equal(res.status, 401);
      assert.deepEqual(res.json(), { error: { code: "unauthenticated", message: "Sign in to continue." } });
    });

    test(`${route}: a member of another workspace gets the very answer of a workspace that does not exist`, async () => {
      const res = await rawRequest("globex.localhost", route, { headers: { cookie: sessions["acme.localhost"] } });
      const none = await rawRequest("no-such-co.localhost", route, { headers: { cookie: sessions["acme.localhost"] } });
      assert.equal(res.status, 404);
      assert.deepEqual(res.json(), { error: { code: "tenant_not_found", message: "No workspace exists at this address." } });
      assert.deepEqual([res.status, res.json()], [none.status, none.json()]);
    });

    test(`${route}: a forged tenant header is ignored`, async () => {
      const tenant = await forgedTenantHeader("globex");
      const forged = { "x-tenantry-tenant": tenant, "x-tenantry-resolved-by": "subdomain" };
      assert.equal((await request("localhost", route, { headers: forged })).status, 404);
      // The API skips the proxy: nor can a client pass the header the way the proxy hands it to Next.
      const asTheProxy = { "x-middleware-override-headers": "x-tenantry-tenant", "x-middleware-request-x-tenantry-tenant": tenant };
      assert.equal((await request("localhost", route, { headers: asTheProxy })).status, 404);
      const honest = (await request("acme.localhost", `${route}?limit=100`)).json();
      const onAcme = (await request("acme.localhost", `${route}?limit=100`, { headers: forged })).json();
      assert.deepEqual(onAcme.data.map((r: { id: string }) => r.id), honest.data.map((r: { id: string }) => r.id));
    });

    test(`${route}: bad parameters get 400 naming the field`, async () => {
      const cases: [string, string][] = [
        ["limit=0", "limit"],
        ["limit=101", "limit"],
        ["limit=abc", "limit"],
        ["limit=2.5", "limit"],
        ["after=not-a-cursor", "after"],
        [`after=${Buffer.from('["x","not-a-uuid"]').toString("base64url")}`, "after"],
        ["after=a&before=b", "before"],
        ["color=blue", "color"],
      ];
      for (const [query, field] of cases) {
        const res = await request("acme.localhost", `${route}?${query}`);
        assert.equal(res.status, 400, query);
        const body = res.json();
        assert.equal(body.error.code, "invalid_request", query);
        assert.ok(body.error.fields[field]?.length, `${query}: ${res.body}`);
      }
    });
  }
});

describe("the benchmark's bare baseline route", () => {
  test("does not exist unless the benchmark starts the server for it", async () => {
    const admin = await connect(adminUrl());
    const { rows } = await admin.query("SELECT id FROM tenants WHERE slug = 'acme'");
    await admin.end();
    for (const host of ["localhost", "acme.localhost", "globex.localhost"]) {
      const res = await request(host, `/api/bench/baseline?tenant=${rows[0].id}`);
      assert.equal(res.status, 404, host);
      assert.equal(res.body, "");
    }
  });
});
