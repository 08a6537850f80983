// The workspace lifecycle through the running app: owners suspend, resume and close from the
// settings page (confirmed by typing the address), each transition is one audit event with its
// actor, an operator's suspension is lifted by an operator only, and a change made elsewhere (the
// CLI, another instance) reaches this instance at once, not when its cache entry expires.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { hashPassword } from "@/lib/auth/password";
import { changeLifecycle } from "@/lib/directory";
import { env } from "@/lib/env";
import { ControlPlanePool } from "@/lib/tenancy/db/control-plane-pool";
import { callAction } from "../support/actions";
import { adminUrl, asTenant, createTenants, uniqueSlug } from "../support/env";
import { jsonRequest, request } from "../support/http";
import { sessionCookie } from "../support/session";

const PASSWORD = "lifecycle-password";
const stamp = Date.now().toString(36);
const emails = { owner: `owner-${stamp}@lifecycle.test`, admin: `admin-${stamp}@lifecycle.test` };
const ACTION = ["app/_actions/workspace-lifecycle.ts", "changeWorkspaceStatusAction"] as const;
const OPERATOR = { kind: "operator" as const, id: null, name: "Sam Support" };

let tenants: Awaited<ReturnType<typeof createTenants>>;
// Operators act on the owner's connection, as the CLI does.
let operators: ControlPlanePool;
let slug: string;
let host: string;
let tenantId: string;
const cookies = {} as Record<"owner" | "admin", string>;

const status = async () => (await tenants.admin.query("SELECT status::text FROM tenants WHERE id = $1", [tenantId])).rows[0].status;
const lifecycleEvents = async () =>
  (
    await tenants.admin.query<{ type: string; actor: string; reason: string | null }>(
      "SELECT type, actor_kind || ':' || coalesce(actor_name, '') AS actor, payload->>'reason' AS reason FROM events WHERE tenant_id = $1 AND type LIKE 'tenant.%' ORDER BY id",
      [tenantId],
    )
  ).rows;
const act = (as: "owner" | "admin", fields: Record<string, string>) => callAction(host, "/settings", ...ACTION, fields, cookies[as]);

before(async () => {
  operators = new ControlPlanePool(adminUrl(), 1);
  slug = uniqueSlug("lifecycle");
  host = `${slug}.localhost`;
  tenants = await createTenants([slug]);
  [tenantId] = tenants.ids;
  const hash = await hashPassword(PASSWORD);
  const users = await tenants.admin.query<{ id: string }>("INSERT INTO users (email, name, password_hash) VALUES ($1, 'Olive Owner', $3), ($2, 'Adam Admin', $3) RETURNING id", [emails.owner, emails.admin, hash]);
  await asTenant(tenants.admin, tenantId, () =>
    tenants.admin.query("INSERT INTO memberships (user_id, role) VALUES ($1, 'owner'), ($2, 'admin')", [users.rows[0].id, users.rows[1].id]),
  );
  cookies.owner = await sessionCookie(host, emails.owner, PASSWORD);
  cookies.admin = await sessionCookie(host, emails.admin, PASSWORD);
});

after(async () => {
  await operators.end();
  await tenants.admin.query("DELETE FROM users WHERE email = ANY($1)", [Object.values(emails)]);
  await tenants.cleanup();
});

test("the address must be typed to confirm, and only an owner may change the lifecycle", async () => {
  const wrong = await act("owner", { action: "suspend", confirm: "not-the-address", reason: "" });
  assert.equal(wrong.state?.code, "invalid_request");
  assert.deepEqual(wrong.state?.fields, { confirm: [`Type ${slug} to confirm.`] });
  const admin = await act("admin", { action: "suspend", confirm: slug });
  assert.equal(admin.state?.code, "forbidden");
  const forged = await act("owner", { action: "delete-everything", confirm: slug });
  assert.equal(forged.state?.code, "invalid_request");
  assert.equal(await status(), "active");
  assert.deepEqual(await lifecycleEvents(), []);
});

test("an owner suspends (writes refused, reads and the settings page still work), then resumes", async () => {
  const suspended = await act("owner", { action: "suspend", confirm: slug, reason: "end of quarter" });
  assert.deepEqual(suspended.state, { ok: true, message: "The workspace is suspended." });
  assert.equal(await status(), "suspended");
  const write = await jsonRequest(host, "POST", "/api/projects", cookies.owner, { name: "While suspended" });
  assert.equal(write.status, 403);
  assert.equal(write.json().error.code, "tenant_suspended");
  assert.equal((await request(host, "/api/projects", { headers: { cookie: cookies.owner } })).status, 200);
  const page = await request(host, "/settings", { headers: { cookie: cookies.owner } });
  assert.match(page.body, /Suspended \(read-only\)/);
  assert.match(page.body, /Resume workspace/);
  assert.doesNotMatch(page.body, /Suspend workspace/);

  const again = await act("owner", { action: "suspend", confirm: slug });
  assert.equal(again.state?.code, "invalid_transition");
  assert.equal(again.state?.message, "A workspace that is suspended cannot be suspended.");

  const resumed = await act("owner", { action: "resume", confirm: slug });
  assert.deepEqual(resumed.state, { ok: true, message: "The workspace is resumed." });
  assert.equal((await jsonRequest(host, "POST", "/api/projects", cookies.owner, { name: `Resumed ${stamp}` })).status, 201);
  assert.deepEqual(await lifecycleEvents(), [
    { type: "tenant.suspended", actor: "user:Olive Owner", reason: "end of quarter" },
    { type: "tenant.resumed", actor: "user:Olive Owner", reason: null },
  ]);
});

test("an operator's suspension cannot be lifted by the owner: the page says so, the action refuses", async () => {
  await changeLifecycle(tenantId, "suspend", OPERATOR, "unpaid invoice", operators);
  // The instance hears of it by NOTIFY, a moment after commit (the last test here times that):
  // ask again until it has, within the cache window.
  const settings = () => request(host, "/settings", { headers: { cookie: cookies.owner } });
  let page = await settings();
  for (const asked = Date.now(); !page.body.includes("An operator suspended this workspace") && Date.now() - asked < env().TENANTRY_TENANT_CACHE_MS + 1000; ) {
    await new Promise((r) => setTimeout(r, 50));
    page = await settings();
  }
  assert.match(page.body, /An operator suspended this workspace/);
  assert.doesNotMatch(page.body, /Resume workspace/);
  const resume = await act("owner", { action: "resume", confirm: slug });
  assert.equal(resume.state?.code, "forbidden");
  assert.equal(await status(), "suspended");
  await changeLifecycle(tenantId, "resume", OPERATOR, null, operators);
  assert.equal(await status(), "active");
});

test("without a tenant (the root domain): the settings and audit pages find nothing, the action changes nothing", async () => {
  for (const page of ["/settings", "/settings/audit"]) {
    assert.equal((await request("localhost", page, { headers: { cookie: cookies.owner } })).status, 404, page);
  }
  const rootless = await callAction("localhost", "/", ...ACTION, { action: "suspend", confirm: slug }, cookies.owner);
  assert.equal(rootless.state?.code, "tenant_not_found", JSON.stringify(rootless.state));
  assert.equal(await status(), "active");
});

test("a change made elsewhere reaches this instance at once, well inside its cache window", async () => {
  const ttl = env().TENANTRY_TENANT_CACHE_MS;
  // Let whatever this instance remembers of the tenant expire, then have it remember afresh.
  await new Promise((r) => setTimeout(r, ttl + 100));
  const warmed = Date.now();
  assert.equal((await request(host, "/api/projects", { headers: { cookie: cookies.owner } })).status, 200);
  await changeLifecycle(tenantId, "close", OPERATOR, "contract ended", operators);
  let answer = 200;
  while (answer === 200 && Date.now() - warmed < ttl) {
    answer = (await request(host, "/api/projects", { headers: { cookie: cookies.owner } })).status;
    if (answer === 200) await new Promise((r) => setTimeout(r, 20));
  }
  const seenAfter = Date.now() - warmed;
  assert.equal(answer, 410, `still open ${seenAfter} ms after the instance last looked the tenant up`);
  assert.ok(seenAfter < ttl * 0.75, `closed after ${seenAfter} ms, close to the ${ttl} ms cache window`);
  assert.deepEqual((await lifecycleEvents()).slice(-1), [{ type: "tenant.closed", actor: "operator:Sam Support", reason: "contract ended" }]);
});
