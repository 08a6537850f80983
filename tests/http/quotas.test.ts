// Plans through the running app: a create over the plan's limit answers 402 quota_exceeded with
// the limit and usage (JSON API and form alike), the API request rate per tenant answers 429 with
// Retry-After and holds across two app instances (counted in Postgres), and the plan page shows
// usage against the limits, where only an owner changes the plan.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import { hashPassword } from "@/lib/auth/password";
import { createApiKey } from "@/lib/tenancy";
import { callAction } from "../support/actions";
import { TEST_OPERATOR, testDatabase, type TestDatabase } from "../support/db";
import { appUrl, asTenant, createTenants, uniqueSlug } from "../support/env";
import { jsonRequest, request } from "../support/http";
import { startSecondInstance } from "../support/second-instance";
import { sessionCookie } from "../support/session";

const PASSWORD = "quota-password";
const stamp = randomUUID().slice(0, 8);
const emails = { owner: `owner-${stamp}@quota.test`, member: `member-${stamp}@quota.test` };
// Plans are data: these two exist only for this file, with limits small enough to reach.
const PLANS = { minute: `per-minute-${stamp}`, month: `per-month-${stamp}` };
const PLAN_ACTION = ["app/_actions/plan.ts", "changePlanAction"] as const;

let tenants: Awaited<ReturnType<typeof createTenants>>;
let db: TestDatabase;
let slug: string;
let host: string;
let tenantId: string;
const cookies = {} as Record<"owner" | "member", string>;

const fillEmployees = (n: number) =>
  asTenant(tenants.admin, tenantId, () =>
    tenants.admin.query("INSERT INTO employees (name, email, title, department) SELECT 'Filler ' || g, 'filler-' || gen_random_uuid() || '@quota.test', '', '' FROM generate_series(1, $1) g", [n]),
  );
const setPlan = (plan: string, id = tenantId) => tenants.admin.query("UPDATE tenants SET plan = $1 WHERE id = $2", [plan, id]);

before(async () => {
  slug = uniqueSlug("quota");
  host = `${slug}.localhost`;
  tenants = await createTenants([slug, uniqueSlug("quota-rate"), uniqueSlug("quota-month")], { plan: "free" });
  [tenantId] = tenants.ids;
  db = testDatabase(await appUrl(), 2);
  const hash = await hashPassword(PASSWORD);
  const users = await tenants.admin.query<{ id: string }>("INSERT INTO users (email, name, password_hash) VALUES ($1, 'Quinn Owner', $3), ($2, 'Max Member', $3) RETURNING id", [emails.owner, emails.member, hash]);
  await asTenant(tenants.admin, tenantId, () => tenants.admin.query("INSERT INTO memberships (user_id, role) VALUES ($1, 'owner'), ($2, 'member')", [users.rows[0].id, users.rows[1].id]));
  await tenants.admin.query(
    `INSERT INTO plans (id, name, rank, summary, api_requests_per_minute, api_requests_per_month)
     VALUES ($1, 'Six a minute', 1000 + floor(random() * 100000)::int, 'test', 6, NULL), ($2, 'Three a month', 200000 + floor(random() * 100000)::int, 'test', NULL, 3)`,
    [PLANS.minute, PLANS.month],
  );
  cookies.owner = await sessionCookie(host, emails.owner, PASSWORD);
  cookies.member = await sessionCookie(host, emails.member, PASSWORD);
});

after(async () => {
  await db.end();
  await tenants.admin.query("DELETE FROM users WHERE email = ANY($1)", [Object.values(emails)]);
  await tenants.admin.query("DELETE FROM tenants WHERE id = ANY($1::uuid[])", [tenants.ids]);
  await tenants.admin.query("DELETE FROM plans WHERE id = ANY($1)", [Object.values(PLANS)]);
  await tenants.cleanup();
});

test("over the plan's limit: the JSON API answers 402 quota_exceeded with the limit and usage, the form says so, nothing is written", async () => {
  await fillEmployees(50);
  const api = await jsonRequest(host, "POST", "/api/employees", cookies.owner, { name: "Fifty-first", email: `fifty-first@${stamp}.test` });
  assert.equal(api.status, 402);
  assert.deepEqual(api.json(), {
    error: { code: "quota_exceeded", message: "This workspace's plan allows 50 employees, and it has 50. A higher plan allows more.", resource: "employees", limit: 50, usage: 50 },
  });
  const form = await callAction(host, "/employees/new", "app/_actions/employees.ts", "createEmployeeAction", { name: "Fifty-first", email: `fifty-first@${stamp}.test`, title: "", department: "", projectId: "" }, cookies.owner);
  assert.equal(form.state?.code, "quota_exceeded");
  assert.match(form.state?.message ?? "", /allows 50 employees/);
  const { rows } = await tenants.admin.query("SELECT count(*)::int AS n FROM employees WHERE tenant_id = $1", [tenantId]);
  assert.equal(rows[0].n, 50);
});

test("the plan page shows usage against the limits and the next plan; only an owner changes the plan, and not to one the usage does not fit", async () => {
  await setPlan("free");
  const page = await request(host, "/settings/plan", { headers: { cookie: cookies.member } });
  assert.equal(page.status, 200);
  assert.match(page.body, /data-testid="current-plan">Free</);
  assert.match(page.body, /data-testid="usage-employees">50<!-- --> of <!-- -->50/);
  assert.match(page.body, /data-testid="usage-members">2<!-- --> of <!-- -->5/);
  assert.match(page.body, /The <!-- -->Pro<!-- --> plan/);
  assert.match(page.body, /Only an owner can change the plan/);
  const byMember = await callAction(host, "/settings/plan", ...PLAN_ACTION, { plan: "pro" }, cookies.member);
  assert.equal(byMember.state?.code, "forbidden");
  const up = await callAction(host, "/settings/plan", ...PLAN_ACTION, { plan: "pro" }, cookies.owner);
  assert.deepEqual(up.state, { ok: true, message: "The workspace is now on the Pro plan." });
  assert.match((await request(host, "/settings/plan", { headers: { cookie: cookies.owner } })).body, /data-testid="current-plan">Pro</);
  // Back to Free fits (50 employees); then over it, Free no longer fits.
  await fillEmployees(1);
  const down = await callAction(host, "/settings/plan", ...PLAN_ACTION, { plan: "free" }, cookies.owner);
  assert.equal(down.state?.code, "quota_exceeded");
  assert.equal(down.state?.message, "The Free plan allows 50 employees, and this workspace has 51. Remove some first.");
  const unknown = await callAction(host, "/settings/plan", ...PLAN_ACTION, { plan: "gold" }, cookies.owner);
  assert.equal(unknown.state?.code, "invalid_request");
  const { rows } = await tenants.admin.query("SELECT plan FROM tenants WHERE id = $1", [tenantId]);
  assert.equal(rows[0].plan, "pro");
  const events = await tenants.admin.query("SELECT payload, actor_name FROM events WHERE tenant_id = $1 AND type = 'plan.changed'", [tenantId]);
  assert.deepEqual(events.rows, [{ payload: { from: "Free", to: "Pro" }, actor_name: "Quinn Owner" }]);
});

/** Waits, if needed, so that `seconds` fit in the current minute (the per-minute window). */
async function roomInThisMinute(seconds: number) {
  const left = 60 - new Date().getUTCSeconds();
  if (left < seconds) await new Promise((r) => setTimeout(r, (left + 1) * 1000));
}

test("the API request rate per tenant holds across two app instances: 6 a minute, then 429 with Retry-After", async () => {
  const id = tenants.ids[1];
  const rateHost = `${(await tenants.admin.query("SELECT slug FROM tenants WHERE id = $1", [id])).rows[0].slug}.localhost`;
  await setPlan(PLANS.minute, id);
  const { key } = await createApiKey(db.client(id), { name: "rate", role: "viewer" }, TEST_OPERATOR);
  const second = await startSecondInstance(2);
  try {
    await roomInThisMinute(20);
    const statuses: number[] = [];
    let refused;
    for (let i = 0; i < 10; i++) {
      const res = await request(rateHost, "/api/projects", { headers: { authorization: `Bearer ${key}` }, port: i % 2 ? second.port : undefined });
      statuses.push(res.status);
      if (res.status === 429) refused = res;
    }
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 200, 429, 429, 429, 429]);
    const retryAfter = Number(refused!.headers["retry-after"]);
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    assert.deepEqual({ ...refused!.json().error, message: undefined }, { code: "rate_limited", message: undefined, window: "minute", limit: 6, usage: 6 });
    // Another tenant's requests are counted apart; people's pages are not API requests.
    assert.equal((await request(host, "/api/projects", { headers: { cookie: cookies.owner } })).status, 200);
  } finally {
    await second.stop();
  }
});

test("the monthly API request quota: 3 a month, then 429 until the month ends; refused requests are not counted", async () => {
  const id = tenants.ids[2];
  const monthHost = `${(await tenants.admin.query("SELECT slug FROM tenants WHERE id = $1", [id])).rows[0].slug}.localhost`;
  await setPlan(PLANS.month, id);
  const { key } = await createApiKey(db.client(id), { name: "month", role: "viewer" }, TEST_OPERATOR);
  const statuses = [];
  let last;
  for (let i = 0; i < 5; i++) {
    last = await request(monthHost, "/api/employees", { headers: { authorization: `Bearer ${key}` } });
    statuses.push(last.status);
  }
  assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
  const error = last!.json().error;
  assert.deepEqual([error.window, error.limit, error.usage], ["month", 3, 3]);
  const now = new Date();
  const nextMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
  const retryAfter = Number(last!.headers["retry-after"]);
  assert.ok(Math.abs(retryAfter - (nextMonth - now.getTime()) / 1000) < 30, `Retry-After ${retryAfter} is the time to the next month`);
  const { rows } = await tenants.admin.query("SELECT span, requests FROM directory.api_request_windows WHERE tenant_id = $1 ORDER BY span", [id]);
  assert.deepEqual(rows, [{ span: "minute", requests: 3 }, { span: "month", requests: 3 }]);
});
