// A verified custom domain serves its tenant's workspace; an unverified one serves nothing.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { adminUrl, connect } from "../support/env";
import { request } from "../support/http";
import { sessionCookie } from "../support/session";

const stamp = Date.now();
const verified = `crm-${stamp}.acme-corp.test`;
const unverified = `pending-${stamp}.acme-corp.test`;
let cookie: string;

before(async () => {
  const admin = await connect(adminUrl());
  await admin.query(
    `INSERT INTO domains (hostname, tenant_id, verified_at)
     SELECT $1, id, now() FROM tenants WHERE slug = 'acme' UNION ALL SELECT $2, id, NULL FROM tenants WHERE slug = 'acme'`,
    [verified, unverified],
  );
  await admin.end();
  cookie = await sessionCookie("acme.localhost", "alice@acme.test");
});

after(async () => {
  const admin = await connect(adminUrl());
  await admin.query("DELETE FROM domains WHERE hostname = ANY($1)", [[verified, unverified]]);
  await admin.end();
});

test("a verified custom domain resolves to its tenant, membership still checked", async () => {
  const res = await request(verified, "/api/employees?limit=100", { headers: { cookie } });
  assert.equal(res.status, 200, res.body);
  for (const e of res.json().data) assert.match(e.email, /@acme\.test$/);
  const gina = await sessionCookie("globex.localhost", "gina@globex.test");
  assert.equal((await request(verified, "/api/employees", { headers: { cookie: gina } })).status, 404);
});

test("an unverified or unknown domain serves nothing", async () => {
  for (const host of [unverified, `nobody-${stamp}.example.test`]) {
    const res = await request(host, "/api/employees", { headers: { cookie } });
    assert.equal(res.status, 404, host);
    assert.equal(res.json().error.code, "tenant_not_found");
  }
});
