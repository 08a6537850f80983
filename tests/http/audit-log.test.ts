// The audit log page: admins read who did what, when and from where (the client's address and
// user agent), newest first, filtered and a page at a time; viewers cannot open it, another
// tenant's entries never show, a bad filter is explained, and the app role cannot change an entry.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import pg from "pg";
import { hashPassword } from "@/lib/auth/password";
import { appUrl, asTenant, connect, createTenants, uniqueSlug } from "../support/env";
import { jsonRequest, request } from "../support/http";
import { sessionCookie, signInOverHttp } from "../support/session";

const PASSWORD = "audit-password";
const stamp = Date.now().toString(36);
const emails = { owner: `owner-${stamp}@audit.test`, viewer: `viewer-${stamp}@audit.test`, other: `other-${stamp}@audit.test` };
let tenants: Awaited<ReturnType<typeof createTenants>>;
let hosts: { a: string; b: string };
const cookies = {} as Record<keyof typeof emails, string>;
const entries = (body: string) => [...body.matchAll(/data-testid="audit-entry" data-type="([^"]+)"/g)].map((m) => m[1]);
const page = (as: keyof typeof emails, host: string, query = "") => request(host, `/settings/audit${query}`, { headers: { cookie: cookies[as] } });

before(async () => {
  const slugs = [uniqueSlug("audit-a"), uniqueSlug("audit-b")];
  hosts = { a: `${slugs[0]}.localhost`, b: `${slugs[1]}.localhost` };
  tenants = await createTenants(slugs);
  const [a, b] = tenants.ids;
  const hash = await hashPassword(PASSWORD);
  const users = await tenants.admin.query<{ id: string }>(
    "INSERT INTO users (email, name, password_hash) VALUES ($1, 'Olive Owner', $4), ($2, 'Vic Viewer', $4), ($3, 'Otto Other', $4) RETURNING id",
    [emails.owner, emails.viewer, emails.other, hash],
  );
  const [owner, viewer, other] = users.rows.map((r) => r.id);
  await asTenant(tenants.admin, a, async () => {
    await tenants.admin.query("INSERT INTO memberships (user_id, role) VALUES ($1, 'owner'), ($2, 'viewer')", [owner, viewer]);
    // 60 older entries, a minute apart on 2026-11-01, to page through.
    await tenants.admin.query(
      `INSERT INTO events (type, payload, actor_kind, actor_id, actor_name, created_at)
       SELECT 'employee.created', jsonb_build_object('id', gen_random_uuid(), 'name', 'Person ' || i), 'user', $1, 'Olive Owner', '2026-11-01T08:00:00Z'::timestamptz + i * interval '1 minute'
       FROM generate_series(1, 60) AS i`,
      [owner],
    );
  });
  await asTenant(tenants.admin, b, () => tenants.admin.query("INSERT INTO memberships (user_id, role) VALUES ($1, 'owner')", [other]));
  cookies.owner = await sessionCookie(hosts.a, emails.owner, PASSWORD);
  cookies.viewer = await sessionCookie(hosts.a, emails.viewer, PASSWORD);
  cookies.other = await sessionCookie(hosts.b, emails.other, PASSWORD);
  await signInOverHttp(hosts.a, emails.owner, "not-the-password");
  const created = await request(hosts.a, "/api/projects", {
    method: "POST",
    headers: { cookie: cookies.owner, "content-type": "application/json", "user-agent": "AuditProbe/1.0" },
    body: JSON.stringify({ name: `Audited ${stamp}` }),
  });
  assert.equal(created.status, 201, created.body);
});

after(async () => {
  await tenants.admin.query("DELETE FROM users WHERE email = ANY($1)", [Object.values(emails)]);
  await tenants.cleanup();
});

test("newest first: who did what, when, and from which address and user agent", async () => {
  const res = await page("owner", hosts.a);
  assert.equal(res.status, 200);
  assert.equal(entries(res.body)[0], "project.created");
  assert.match(res.body, new RegExp(`Olive Owner added project Audited ${stamp}`));
  assert.match(res.body, /(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1) · AuditProbe\/1\.0/);
  const { rows } = await tenants.admin.query("SELECT ip, user_agent FROM events WHERE tenant_id = $1 AND type = 'project.created'", [tenants.ids[0]]);
  assert.equal(rows[0].user_agent, "AuditProbe/1.0");
  assert.ok(rows[0].ip);
});

test("sign-ins at the workspace's address are in its log: members' successes by name, failures with the address tried", async () => {
  const body = (await page("owner", hosts.a, "?type=auth.signed_in")).body;
  assert.match(body, /Olive Owner signed in/);
  assert.match(body, /Vic Viewer signed in/);
  const failed = (await page("owner", hosts.a, "?type=auth.sign_in_failed")).body;
  assert.match(failed, new RegExp(`Someone failed to sign in as ${emails.owner.replace(/[.]/g, "\\.")}`));
  // Otto signed in at B's address: not in A's log, in B's.
  assert.doesNotMatch(body, /Otto Other/);
  assert.match((await page("other", hosts.b, "?type=auth.signed_in")).body, /Otto Other signed in/);
});

test("fifty to a page; Older goes on from where the page ended, and ends", async () => {
  const { rows } = await tenants.admin.query<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE tenant_id = $1", [tenants.ids[0]]);
  assert.ok(rows[0].n > 50 && rows[0].n <= 100, String(rows[0].n));
  const first = await page("owner", hosts.a);
  assert.equal(entries(first.body).length, 50);
  const older = first.body.match(/href="([^"]*before=(\d+)[^"]*)"/);
  assert.ok(older, "an Older link");
  const second = await page("owner", hosts.a, `?before=${older[2]}`);
  assert.equal(entries(second.body).length, rows[0].n - 50);
  assert.doesNotMatch(second.body, /Older →/);
  assert.match(second.body, /← Newest/);
});

test("filters: by type, by actor, by dates; nothing matching says so", async () => {
  const byType = entries((await page("owner", hosts.a, "?type=project.created")).body);
  assert.deepEqual(byType, ["project.created"]);
  assert.match((await page("owner", hosts.a, "?actor=nobody-at-all")).body, /Nothing in the log matches\./);
  const day = entries((await page("owner", hosts.a, "?from=2026-11-01&to=2026-11-01&type=employee.created")).body);
  assert.equal(day.length, 50);
  assert.match((await page("owner", hosts.a, "?from=2020-01-01&to=2020-01-02")).body, /Nothing in the log matches\./);
});

test("a bad filter is explained, never a server error", async () => {
  for (const query of ["?actor=%00", "?actor=a%0Ab", "?from=yesterday", "?type=employee.dropped", "?before=abc", "?to=2026-01-01&from=2026-02-01", "?unknown=1"]) {
    const res = await page("owner", hosts.a, query);
    assert.equal(res.status, 200, query);
    assert.match(res.body, /The filter was not applied/, query);
    assert.deepEqual(entries(res.body), [], query);
  }
});

test("a viewer cannot open it; another tenant's owner sees only their own log", async () => {
  assert.equal((await page("viewer", hosts.a)).status, 403);
  const other = await page("other", hosts.b);
  assert.equal(other.status, 200);
  assert.doesNotMatch(other.body, /Audited|Person \d+|Olive Owner/);
  assert.equal((await jsonRequest(hosts.a, "GET", "/settings/audit", cookies.other)).status, 404);
});

test("the app role cannot change or remove an entry", async () => {
  const app = await connect(await appUrl());
  try {
    for (const statement of ["UPDATE events SET actor_name = 'Someone else'", "DELETE FROM events"]) {
      await assert.rejects(asTenant(app, tenants.ids[0], () => app.query(statement)), (error: pg.DatabaseError) => error.code === "42501");
    }
  } finally {
    await app.end();
  }
});
