// A suspended workspace refuses every write, through every entry: each route handler method and
// each server action of the build is enumerated here (from .next's manifests and the app folder),
// called as the workspace's owner with input that would succeed in an active workspace, and must
// answer tenant_suspended with nothing changed. A new route or action that has no case here fails
// this test, so the status guard cannot be forgotten. Reads keep working.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { hashPassword } from "@/lib/auth/password";
import { newSecretToken, secretDigest } from "@/lib/secret-token";
import { callAction } from "../support/actions";
import { asTenant, createTenants, tenantSnapshot, uniqueSlug } from "../support/env";
import { request } from "../support/http";
import { sessionCookie } from "../support/session";
import { builtActions, builtRoutes } from "../support/surface";

const PASSWORD = "guard-test-password";
const stamp = Date.now().toString(36);
const owner = `owner-${stamp}@guard.test`;
const invitee = `invitee-${stamp}@guard.test`;
const newcomer = `newcomer-${stamp}@guard.test`;
let tenants: Awaited<ReturnType<typeof createTenants>>;
let host: string;
const ids = {} as Record<"tenant" | "owner" | "invitee" | "project" | "employee" | "key" | "invitation", string>;
const tokens = {} as Record<"invitee" | "newcomer", string>;
const cookies = {} as Record<"owner" | "invitee", string>;

before(async () => {
  const slug = uniqueSlug("guard");
  host = `${slug}.localhost`;
  tenants = await createTenants([slug]);
  const admin = tenants.admin;
  ids.tenant = tenants.ids[0];
  const hash = await hashPassword(PASSWORD);
  const users = await admin.query<{ id: string }>("INSERT INTO users (email, name, password_hash) VALUES ($1, 'Owner', $3), ($2, 'Invitee', $3) RETURNING id", [owner, invitee, hash]);
  [ids.owner, ids.invitee] = users.rows.map((r) => r.id);
  tokens.invitee = newSecretToken();
  tokens.newcomer = newSecretToken();
  await asTenant(admin, ids.tenant, async () => {
    await admin.query("INSERT INTO memberships (user_id, role) VALUES ($1, 'owner')", [ids.owner]);
    ids.project = (await admin.query("INSERT INTO projects (name) VALUES ('Guarded') RETURNING id")).rows[0].id;
    ids.employee = (await admin.query("INSERT INTO employees (name, email, title, department) VALUES ('Gus', 'gus@guard.test', '', '') RETURNING id")).rows[0].id;
    ids.key = (await admin.query("INSERT INTO api_keys (name, prefix, secret_hash, role) VALUES ('k', 'tnt_guard', $1, 'viewer') RETURNING id", [secretDigest(newSecretToken())])).rows[0].id;
    const invite = "INSERT INTO invitations (email, role, token_hash, expires_at) VALUES ($1, 'member', $2, now() + interval '1 day') RETURNING id";
    ids.invitation = (await admin.query(invite, [invitee, secretDigest(tokens.invitee)])).rows[0].id;
    await admin.query(invite, [newcomer, secretDigest(tokens.newcomer)]);
  });
  await admin.query("UPDATE tenants SET status = 'suspended' WHERE id = $1", [ids.tenant]);
  cookies.owner = await sessionCookie(host, owner, PASSWORD);
  cookies.invitee = await sessionCookie(host, invitee, PASSWORD);
});

after(async () => {
  await tenants.admin.query("DELETE FROM users WHERE email = ANY($1)", [[owner, invitee, newcomer]]);
  await tenants.cleanup();
});

/** Every row of the tenant, and the newcomer's account: what no refused write may change. */
async function snapshot() {
  const { rows } = await tenants.admin.query("SELECT count(*)::int AS n FROM users WHERE email = $1", [newcomer]);
  return `${await tenantSnapshot(tenants.admin, ids.tenant, { exceptAccess: true })} newcomer:${rows[0].n}`;
}

// ── Route handlers ────────────────────────────────────────────────────────────────────────────

type RouteCase = { path: () => string; body?: () => unknown; headers?: () => Record<string, string> } | { notTenantData: string };

const ROUTES: Record<string, RouteCase> = {
  "POST /api/projects": { path: () => "/api/projects", body: () => ({ name: "Refused" }) },
  "PATCH /api/projects/[id]": { path: () => `/api/projects/${ids.project}`, body: () => ({ name: "Renamed" }) },
  "POST /api/employees": { path: () => "/api/employees", body: () => ({ name: "Refused", email: "refused@guard.test" }) },
  "PATCH /api/employees/[id]": { path: () => `/api/employees/${ids.employee}`, body: () => ({ title: "Changed" }) },
  "DELETE /api/employees/[id]": { path: () => `/api/employees/${ids.employee}` },
  "GET /api/projects": { path: () => "/api/projects" },
  "GET /api/projects/[id]": { path: () => `/api/projects/${ids.project}` },
  "GET /api/employees": { path: () => "/api/employees" },
  "GET /api/employees/export": { path: () => "/api/employees/export" },
  "GET /api/projects/export": { path: () => "/api/projects/export" },
  "GET /api/employees/[id]": { path: () => `/api/employees/${ids.employee}` },
  "GET /api/events": { path: () => "/api/events" },
  "GET /api/workspace/export": { path: () => "/api/workspace/export" },
  "GET /api/health": { notTenantData: "liveness: the process answers" },
  "GET /api/ready": { notTenantData: "readiness: the database, its migrations, the listener" },
  "GET /api/metrics": { notTenantData: "Prometheus metrics: counts and timings, off unless TENANTRY_METRICS_TOKEN is set" },
  "POST /api/operator/tenants": { notTenantData: "operators' provisioning: no workspace's data, off unless TENANTRY_OPERATOR_TOKEN is set" },
  "GET /api/auth/[...nextauth]": { notTenantData: "Auth.js's own endpoints: sessions, not workspace data" },
  "POST /api/auth/[...nextauth]": { notTenantData: "Auth.js's own endpoints: sessions, not workspace data" },
  ...Object.fromEntries(["GET", "POST", "PUT", "PATCH", "DELETE"].map((m) => [`${m} /api/[...unknown]`, { notTenantData: "answers 404 for an API route that does not exist" }])),
  "GET /api/bench/baseline": { notTenantData: "the benchmark's bare route, 404 unless `npm run bench` turns it on" },
};

test("every route handler of the build has a case here", () => {
  const built = builtRoutes();
  assert.ok(built.length >= 10, built.join(", "));
  assert.deepEqual(built.filter((r) => !(r in ROUTES)), [], "add a case for each new route");
});

test("suspended: every write route answers 403 tenant_suspended and changes nothing; reads answer 200", async () => {
  for (const [route, c] of Object.entries(ROUTES)) {
    if ("notTenantData" in c) continue;
    const [method] = route.split(" ");
    const before = await snapshot();
    const res = await request(host, c.path(), {
      method,
      headers: { cookie: cookies.owner, "content-type": "application/json", ...c.headers?.() },
      body: c.body ? JSON.stringify(c.body()) : undefined,
      // An event stream never ends by itself: the answer's status line is what counts.
      ...(route === "GET /api/events" ? { headersOnly: true } : {}),
    });
    if (method === "GET") {
      assert.equal(res.status, 200, `${route}: ${res.body}`);
    } else {
      assert.equal(res.status, 403, `${route}: ${res.body}`);
      assert.equal(res.json().error.code, "tenant_suspended", route);
    }
    assert.equal(await snapshot(), before, `${route} changed something`);
  }
});

// ── Server actions ────────────────────────────────────────────────────────────────────────────

type ActionCase = { page: () => string; fields: () => Record<string, string | Blob>; as: "owner" | "invitee" | "nobody" } | { notTenantData: string } | { lifecycle: string };

const ACTIONS: Record<string, ActionCase> = {
  "app/_actions/employees.ts createEmployeeAction": { page: () => "/employees/new", fields: () => ({ name: "Refused", email: "refused@guard.test", title: "", department: "", projectId: "" }), as: "owner" },
  "app/_actions/employees.ts updateEmployeeAction": { page: () => `/employees/${ids.employee}`, fields: () => ({ id: ids.employee, title: "Changed" }), as: "owner" },
  "app/_actions/employees.ts removeEmployeeAction": { page: () => `/employees/${ids.employee}`, fields: () => ({ id: ids.employee }), as: "owner" },
  "app/_actions/employees.ts importEmployeesAction": { page: () => "/employees/import", fields: () => ({ file: new File(["name,email\nRefused,refused-csv@guard.test"], "people.csv"), intent: "import" }), as: "owner" },
  "app/_actions/employees.ts assignEmployeeAction": { page: () => `/projects/${ids.project}`, fields: () => ({ id: ids.employee, projectId: ids.project }), as: "owner" },
  "app/_actions/employees.ts assignSelectedAction": { page: () => "/", fields: () => ({ ids: ids.employee, projectId: "" }), as: "owner" },
  "app/_actions/projects.ts createProjectAction": { page: () => "/", fields: () => ({ name: "Refused" }), as: "owner" },
  "app/_actions/projects.ts updateProjectAction": { page: () => `/projects/${ids.project}`, fields: () => ({ id: ids.project, name: "Renamed" }), as: "owner" },
  "app/_actions/projects.ts archiveProjectAction": { page: () => `/projects/${ids.project}`, fields: () => ({ id: ids.project }), as: "owner" },
  "app/_actions/api-keys.ts createApiKeyAction": { page: () => "/settings/api-keys", fields: () => ({ name: "Refused", role: "viewer" }), as: "owner" },
  "app/_actions/api-keys.ts revokeApiKeyAction": { page: () => "/settings/api-keys", fields: () => ({ id: ids.key }), as: "owner" },
  "app/_actions/invitations.ts inviteAction": { page: () => "/members", fields: () => ({ email: "another@guard.test", role: "viewer" }), as: "owner" },
  "app/_actions/invitations.ts revokeInvitationAction": { page: () => "/members", fields: () => ({ id: ids.invitation }), as: "owner" },
  "app/_actions/invitations.ts resendInvitationAction": { page: () => "/members", fields: () => ({ id: ids.invitation }), as: "owner" },
  "app/_actions/members.ts changeRoleAction": { page: () => "/members", fields: () => ({ userId: ids.owner, role: "admin" }), as: "owner" },
  "app/_actions/members.ts removeMemberAction": { page: () => "/members", fields: () => ({ id: ids.invitee }), as: "owner" },
  "app/_actions/members.ts transferOwnershipAction": { page: () => "/members", fields: () => ({ id: ids.invitee }), as: "owner" },
  "app/_actions/members.ts leaveWorkspaceAction": { page: () => "/account", fields: () => ({}), as: "owner" },
  "app/_actions/account.ts renameAccountAction": { notTenantData: "renames the signed-in person's account, which is no workspace's" },
  "app/_actions/account.ts changePasswordAction": { notTenantData: "changes the signed-in person's password" },
  "app/forgot-password/actions.ts requestResetAction": { notTenantData: "emails a password-reset link" },
  "app/reset-password/actions.ts resetPasswordAction": { notTenantData: "sets a password with a reset link" },
  // The defect this guard closed: an invitee joining a suspended workspace.
  "app/_actions/invitations.ts acceptInvitationAction": { page: () => `/invite/${tokens.invitee}`, fields: () => ({ token: tokens.invitee }), as: "invitee" },
  "app/_actions/invitations.ts createAccountAndAcceptAction": {
    page: () => `/invite/${tokens.newcomer}`,
    fields: () => ({ token: tokens.newcomer, name: "Newcomer", password: PASSWORD }),
    as: "nobody",
  },
  "app/_actions/plan.ts changePlanAction": { page: () => "/settings/plan", fields: () => ({ plan: "pro" }), as: "owner" },
  "app/_actions/workspace-settings.ts renameWorkspaceAction": { page: () => "/settings", fields: () => ({ name: "Renamed" }), as: "owner" },
  "app/_actions/workspace-settings.ts changeAddressAction": { page: () => "/settings", fields: () => ({ slug: `${stamp}-moved` }), as: "owner" },
  "app/_actions/workspace-lifecycle.ts changeWorkspaceStatusAction": { lifecycle: "the way out of a suspension: the lifecycle table decides (tests/http/lifecycle.test.ts)" },
  "app/_actions/theme.ts setThemeAction": { notTenantData: "remembers this browser's colour theme" },
  "app/_actions/workspaces.ts openWorkspaceAction": { notTenantData: "sets the root domain's workspace cookie" },
  "app/_actions/workspaces.ts switchWorkspaceAction": { notTenantData: "clears the root domain's workspace cookie" },
  "app/_actions/session.ts signOutAction": { notTenantData: "signs out" },
  "app/_actions/session.ts signOutEverywhereAction": { notTenantData: "signs out of every session" },
  "app/auth/handoff/actions.ts finishHandoffAction": { notTenantData: "finishes a sign-in begun at sign-up" },
  "app/sign-in/actions.ts signInAction": { notTenantData: "signs in; sign-in works in a suspended workspace" },
  "app/sign-up/actions.ts signUpAction": { notTenantData: "creates a new workspace on the root domain" },
};

test("every server action of the build has a case here", () => {
  const built = builtActions();
  assert.ok(built.length >= 15, built.join(", "));
  assert.deepEqual(built.filter((a) => !(a in ACTIONS)), [], "add a case for each new server action");
});

test("suspended: every write action answers tenant_suspended and changes nothing", async () => {
  for (const [key, c] of Object.entries(ACTIONS)) {
    if ("notTenantData" in c || "lifecycle" in c) continue;
    const [file, name] = key.split(" ");
    const before = await snapshot();
    const cookie = c.as === "nobody" ? "" : cookies[c.as];
    const { state, redirect } = await callAction(host, c.page(), file, name, c.fields(), cookie);
    assert.equal(redirect, null, `${key} redirected: it ran`);
    assert.equal(state?.code, "tenant_suspended", `${key}: ${JSON.stringify(state)}`);
    assert.equal(await snapshot(), before, `${key} changed something`);
  }
});

test("suspended: pages show the workspace read-only, with no forms that write", async () => {
  for (const [page, writeForm] of [
    ["/", /New project name/],
    ["/employees/new", /name="email"/],
    ["/members", /Invite/],
    ["/settings/api-keys", /Create key/],
    [`/projects/${ids.project}`, /Archive|Save/],
    [`/employees/${ids.employee}`, /Remove|Save/],
  ] as const) {
    const res = await request(host, page, { headers: { cookie: cookies.owner } });
    assert.equal(res.status, 200, page);
    assert.match(res.body, /This workspace is suspended|Nothing can be added while the workspace is suspended/, page);
    assert.doesNotMatch(res.body, writeForm, page);
  }
});
