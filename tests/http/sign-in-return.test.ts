// A page asked for while signed out sends the visitor to sign in with `next` set to it (defect 3
// of #14: the deep link was lost), on the workspace's host and in path mode; the value comes from
// the proxy, never from a header the client sends; the dashboard needs no `next`.
import assert from "node:assert/strict";
import { test } from "node:test";
import { adminUrl, connect } from "../support/env";
import { request } from "../support/http";

async function acmeEmployee(): Promise<string> {
  const admin = await connect(adminUrl());
  try {
    const { rows } = await admin.query<{ id: string }>("SELECT e.id FROM employees e JOIN tenants t ON t.id = e.tenant_id WHERE t.slug = 'acme' LIMIT 1");
    return rows[0].id;
  } finally {
    await admin.end();
  }
}

test("signed out, a record's page redirects to sign-in with next= that page", async () => {
  const id = await acmeEmployee();
  const res = await request("acme.localhost", `/employees/${id}?added=1`);
  assert.equal(res.status, 307);
  assert.equal(res.headers.location, `/sign-in?next=${encodeURIComponent(`/employees/${id}?added=1`)}`);
});

test("in path mode the return path keeps its /t/<slug> prefix", async () => {
  const id = await acmeEmployee();
  const res = await request("localhost", `/t/acme/employees/${id}`);
  assert.equal(res.status, 307);
  assert.equal(res.headers.location, `/t/acme/sign-in?next=${encodeURIComponent(`/t/acme/employees/${id}`)}`);
});

test("the dashboard needs no next=, and a client's own header is not believed", async () => {
  const res = await request("acme.localhost", "/", { headers: { "x-tenantry-requested-path": "//evil.example/steal" } });
  assert.equal(res.status, 307);
  assert.equal(res.headers.location, "/sign-in");
  const members = await request("acme.localhost", "/members", { headers: { "x-tenantry-requested-path": "//evil.example/steal" } });
  assert.equal(members.headers.location, `/sign-in?next=${encodeURIComponent("/members")}`);
});
