// The cross-tenant matrix: every route handler, server action, page and the event stream of the
// build (enumerated from .next's manifests, so a new one without a case fails here) is called by
// the owner of workspace B — through B's address with A's ids, and through A's address itself —
// and must answer with nothing of A and change nothing of A. The two workspaces are seeded alike
// (the same project names, the same people and emails), so only ids and a few marked values tell
// A's rows from B's.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { hashPassword } from "@/lib/auth/password";
import { newSecretToken, secretDigest } from "@/lib/secret-token";
import { callAction } from "../support/actions";
import { asTenant, createTenants, tenantSnapshot, uniqueSlug } from "../support/env";
import { request, type HttpResult } from "../support/http";
import { sessionCookie } from "../support/session";
import { openEventStream } from "../support/sse";
import { builtActions, builtPages, builtRoutes } from "../support/surface";

const PASSWORD = "matrix-password";
const stamp = Date.now().toString(36);
const MARK = `only-in-a-${stamp}`; // in A's titles and departments, never in B's
const ownerB = `owner-b-${stamp}@matrix.test`;
let tenants: Awaited<ReturnType<typeof createTenants>>;
let hostA: string, hostB: string;
type Seeded = { tenant: string; project: string; employee: string; key: string; invitation: string; token: string; event: string; member: string };
const a = {} as Seeded;
const b = {} as Seeded;
let cookie: string;
let bKey: string;

async function seed(tenant: string, marked: boolean): Promise<Seeded> {
  const admin = tenants.admin;
  const token = newSecretToken();
  return asTenant(admin, tenant, async () => {
    // The same names, emails and project in both workspaces.
    const project = (await admin.query("INSERT INTO projects (name) VALUES ('Apollo') RETURNING id")).rows[0].id;
    const title = marked ? `Lead ${MARK}` : "Lead";
    const employee = (await admin.query("INSERT INTO employees (name, email, title, department, project_id) VALUES ('Sam Same', 'sam@same.test', $1, $2, $3) RETURNING id", [title, marked ? MARK : "Ops", project])).rows[0].id;
    const key = (await admin.query("INSERT INTO api_keys (name, prefix, secret_hash, role) VALUES ('Deploy', 'tnt_matrix', $1, 'viewer') RETURNING id", [secretDigest(newSecretToken())])).rows[0].id;
    const invitation = (await admin.query("INSERT INTO invitations (email, role, token_hash, expires_at) VALUES ('new@same.test', 'member', $1, now() + interval '1 day') RETURNING id", [secretDigest(token)])).rows[0].id;
    const event = (await admin.query("INSERT INTO events (type, payload, subject_id) VALUES ('employee.created', $1, $2) RETURNING id", [{ id: employee, name: marked ? `Sam ${MARK}` : "Sam Same" }, employee])).rows[0].id;
    // A member of each workspace (the same name in both), for the member-management actions.
    const member = (await admin.query("INSERT INTO users (email, name, password_hash) VALUES ($1, 'Mia Member', NULL) RETURNING id", [`member-${marked ? "a" : "b"}-${stamp}@matrix.test`])).rows[0].id;
    await admin.query("INSERT INTO memberships (user_id, role) VALUES ($1, 'member')", [member]);
    return { tenant, project, employee, key, invitation, token, event: String(event), member };
  });
}

before(async () => {
  const [slugA, slugB] = [uniqueSlug("matrix-a"), uniqueSlug("matrix-b")];
  tenants = await createTenants([slugA, slugB]);
  [hostA, hostB] = [`${slugA}.localhost`, `${slugB}.localhost`];
  Object.assign(a, await seed(tenants.ids[0], true));
  Object.assign(b, await seed(tenants.ids[1], false));
  const user = await tenants.admin.query("INSERT INTO users (email, name, password_hash) VALUES ($1, 'Owner B', $2) RETURNING id", [ownerB, await hashPassword(PASSWORD)]);
  await asTenant(tenants.admin, b.tenant, () => tenants.admin.query("INSERT INTO memberships (user_id, role) VALUES ($1, 'owner')", [user.rows[0].id]));
  bKey = `tnt_${newSecretToken()}`;
  await asTenant(tenants.admin, b.tenant, () => tenants.admin.query("INSERT INTO api_keys (name, prefix, secret_hash, role) VALUES ('B admin', $1, $2, 'admin')", [bKey.slice(0, 12), secretDigest(bKey)]));
  cookie = await sessionCookie(hostB, ownerB, PASSWORD);
});

after(async () => {
  await tenants.admin.query("DELETE FROM users WHERE email = $1 OR email LIKE $2", [ownerB, `member-_-${stamp}@matrix.test`]);
  await tenants.cleanup();
});

/** Every row of A: what nothing here may change. */
const snapshotOfA = () => tenantSnapshot(tenants.admin, a.tenant);

/**
 * Whether an answer shows anything of A: its marked values, or one of its ids that the caller did
 * not send itself (a form or a link may echo the caller's own input back; that is no leak).
 */
function leaksA(text: string, sent: string): string | null {
  if (text.includes(MARK)) return `the mark ${MARK}`;
  for (const [name, value] of Object.entries(a)) {
    if (name !== "event" && !sent.includes(value) && text.includes(value)) return `${name} ${value}`;
  }
  return null;
}

function assertNothingOfA(label: string, answer: HttpResult | string, sent: unknown) {
  const text = typeof answer === "string" ? answer : `${answer.body} ${JSON.stringify(answer.headers)}`;
  assert.equal(leaksA(text, JSON.stringify(sent)), null, `${label} showed A's data`);
  if (typeof answer !== "string") assert.ok(answer.status < 500, `${label}: ${answer.status}`);
}

// ── Route handlers ────────────────────────────────────────────────────────────────────────────
// Each with A's ids where the route takes one; the body references A's rows where it can.
type RouteCase = { path: () => string; body?: () => unknown; expect: number } | { skip: string };
const ANY_HOST = new Set(["GET /api/health", "GET /api/ready", "GET /api/metrics"]);
const ROUTES: Record<string, RouteCase> = {
  "GET /api/employees": { path: () => `/api/employees?projectId=${a.project}&q=Sam`, expect: 200 },
  "GET /api/employees/export": { path: () => "/api/employees/export", expect: 200 },
  "GET /api/projects/export": { path: () => "/api/projects/export", expect: 200 },
  "POST /api/employees": { path: () => "/api/employees", body: () => ({ name: "Cross", email: "cross@same.test", projectId: a.project }), expect: 400 },
  "GET /api/employees/[id]": { path: () => `/api/employees/${a.employee}`, expect: 404 },
  "PATCH /api/employees/[id]": { path: () => `/api/employees/${a.employee}`, body: () => ({ title: "Taken over" }), expect: 404 },
  "DELETE /api/employees/[id]": { path: () => `/api/employees/${a.employee}`, expect: 404 },
  "GET /api/projects": { path: () => "/api/projects", expect: 200 },
  "POST /api/projects": { path: () => "/api/projects", body: () => ({ name: "Apollo" }), expect: 400 }, // B's own Apollo: a name taken in B, not in A
  "GET /api/projects/[id]": { path: () => `/api/projects/${a.project}`, expect: 404 },
  "PATCH /api/projects/[id]": { path: () => `/api/projects/${a.project}`, body: () => ({ name: "Taken over" }), expect: 404 },
  "GET /api/events": { skip: "the event stream has its own test below" },
  "GET /api/workspace/export": { skip: "a gzip body: tests/http/owner-export.test.ts unzips it, finds only its tenant's rows, and gets 404 as another tenant's owner" },
  // Liveness and readiness answer on every host: they read no tenant (ANY_HOST).
  "GET /api/health": { path: () => "/api/health", expect: 200 },
  "GET /api/ready": { path: () => "/api/ready", expect: 200 },
  // Off unless TENANTRY_METRICS_TOKEN is set (tests/http/observability.test.ts turns it on); no tenant's rows either way.
  "GET /api/metrics": { path: () => "/api/metrics", expect: 404 },
  // Off on the test server (no operator token): it does not exist.
  "POST /api/operator/tenants": { path: () => "/api/operator/tenants", body: () => ({ slug: "cross", name: "Cross", owner: { email: ownerB, name: "B" } }), expect: 404 },
  "GET /api/auth/[...nextauth]": { path: () => "/api/auth/session", expect: 200 },
  "POST /api/auth/[...nextauth]": { path: () => "/api/auth/signout", body: () => ({}), expect: 400 },
  "GET /api/bench/baseline": { path: () => `/api/bench/baseline?tenant=${a.tenant}`, expect: 404 },
  ...Object.fromEntries(["GET", "POST", "PUT", "PATCH", "DELETE"].map((m) => [`${m} /api/[...unknown]`, { path: () => `/api/employees/${a.employee}/anything`, expect: 404 }])),
};

describe("route handlers", () => {
  test("every route handler of the build has a case here", () => {
    assert.deepEqual(builtRoutes().filter((r) => !(r in ROUTES)), [], "add a cross-tenant case for each new route");
  });

  test("B's owner, with a session or B's key, gets nothing of A by A's ids, and changes nothing", async () => {
    const before = await snapshotOfA();
    for (const [route, c] of Object.entries(ROUTES)) {
      if ("skip" in c) continue;
      const [method] = route.split(" ");
      for (const credential of [{ cookie }, { authorization: `Bearer ${bKey}` }] as Record<string, string>[]) {
        const res = await request(hostB, c.path(), {
          method,
          headers: { ...credential, "content-type": "application/json" },
          body: c.body && method !== "GET" ? JSON.stringify(c.body()) : undefined,
        });
        assertNothingOfA(`${route} (${Object.keys(credential)[0]})`, res, [c.path(), c.body?.()]);
        if (!route.includes("nextauth")) assert.equal(res.status, c.expect, `${route} (${Object.keys(credential)[0]}): ${res.body}`);
      }
    }
    assert.equal(await snapshotOfA(), before, "A's rows changed");
  });

  test("B's credentials on A's own address: the 404 of a workspace that does not exist", async () => {
    for (const [route, c] of Object.entries(ROUTES)) {
      if ("skip" in c || !route.startsWith("GET /api/") || route.includes("nextauth") || route.includes("bench") || route.includes("unknown")) continue;
      if (ANY_HOST.has(route)) continue;
      for (const credential of [{ cookie }, { authorization: `Bearer ${bKey}` }] as Record<string, string>[]) {
        const res = await request(hostA, c.path(), { headers: credential });
        assert.equal(res.status, 404, `${route}: ${res.body}`);
        assert.equal(res.json().error.code, "tenant_not_found");
      }
    }
  });
});

// ── Server actions ────────────────────────────────────────────────────────────────────────────
// formOnly: a plain <form action> calls the action with the form alone (no previous state).
type ActionCase = { page: () => string; fields: () => Record<string, string | Blob>; formOnly?: true };
const ACTIONS: Record<string, ActionCase> = {
  "app/_actions/employees.ts createEmployeeAction": { page: () => "/employees/new", fields: () => ({ name: "Cross", email: "cross@same.test", title: "", department: "", projectId: a.project }) },
  "app/_actions/employees.ts updateEmployeeAction": { page: () => "/employees/new", fields: () => ({ id: a.employee, title: "Taken over" }) },
  "app/_actions/employees.ts removeEmployeeAction": { page: () => `/employees/${b.employee}`, fields: () => ({ id: a.employee }) },
  // A file naming the email both workspaces have: checked against B's rows only.
  "app/_actions/employees.ts importEmployeesAction": { page: () => "/employees/import", fields: () => ({ file: new File(["name,email,project\nSam Same,sam@same.test,Apollo"], "people.csv"), intent: "import" }) },
  "app/_actions/employees.ts assignEmployeeAction": { page: () => `/projects/${b.project}`, fields: () => ({ id: a.employee, projectId: b.project }) },
  "app/_actions/employees.ts assignSelectedAction": { page: () => "/", fields: () => ({ ids: a.employee, projectId: b.project }) },
  "app/_actions/projects.ts createProjectAction": { page: () => "/", fields: () => ({ name: `Cross ${stamp}` }) },
  "app/_actions/projects.ts updateProjectAction": { page: () => `/projects/${b.project}`, fields: () => ({ id: a.project, name: "Taken over" }) },
  "app/_actions/projects.ts archiveProjectAction": { page: () => `/projects/${b.project}`, fields: () => ({ id: a.project }) },
  "app/_actions/api-keys.ts createApiKeyAction": { page: () => "/settings/api-keys", fields: () => ({ name: `Cross ${stamp}`, role: "viewer" }) },
  "app/_actions/api-keys.ts revokeApiKeyAction": { page: () => "/settings/api-keys", fields: () => ({ id: a.key }) },
  "app/_actions/invitations.ts inviteAction": { page: () => "/members", fields: () => ({ email: `cross-${stamp}@same.test`, role: "viewer" }) },
  "app/_actions/invitations.ts revokeInvitationAction": { page: () => "/members", fields: () => ({ id: a.invitation }) },
  "app/_actions/invitations.ts resendInvitationAction": { page: () => "/members", fields: () => ({ id: a.invitation }) },
  "app/_actions/members.ts changeRoleAction": { page: () => "/members", fields: () => ({ userId: a.member, role: "admin" }) },
  "app/_actions/members.ts removeMemberAction": { page: () => "/members", fields: () => ({ id: a.member }) },
  "app/_actions/members.ts transferOwnershipAction": { page: () => "/members", fields: () => ({ id: a.member }) },
  // B's owner is B's only owner: leaving is refused (last_owner), and A is not involved.
  "app/_actions/members.ts leaveWorkspaceAction": { page: () => "/account", fields: () => ({}) },
  // Account actions belong to the signed-in person, not to a workspace: they name nothing of A.
  "app/_actions/account.ts renameAccountAction": { page: () => "/account", fields: () => ({ name: "Owner B" }) },
  "app/_actions/account.ts changePasswordAction": { page: () => "/account", fields: () => ({ current: "not-the-password", password: "another-long-password" }) },
  "app/forgot-password/actions.ts requestResetAction": { page: () => "/forgot-password", fields: () => ({ email: `member-a-${stamp}@matrix.test` }) },
  "app/reset-password/actions.ts resetPasswordAction": { page: () => `/reset-password/${a.token}`, fields: () => ({ token: a.token, password: "another-long-password" }) },
  "app/_actions/invitations.ts acceptInvitationAction": { page: () => `/invite/${a.token}`, fields: () => ({ token: a.token }) },
  "app/_actions/invitations.ts createAccountAndAcceptAction": { page: () => `/invite/${a.token}`, fields: () => ({ token: a.token, name: "Cross", password: PASSWORD }) },
  // B's own plan: A's is out of reach.
  "app/_actions/plan.ts changePlanAction": { page: () => "/settings/plan", fields: () => ({ plan: "pro" }) },
  // B's own name: A's is out of reach whatever is sent.
  "app/_actions/workspace-settings.ts renameWorkspaceAction": { page: () => "/settings", fields: () => ({ name: "Matrix B" }) },
  // A's address asked for from B: taken, and A keeps it.
  "app/_actions/workspace-settings.ts changeAddressAction": { page: () => "/settings", fields: () => ({ slug: hostA.split(".")[0] }) },
  // Confirmed with A's address while on B: refused for the address, and A is untouched.
  "app/_actions/workspace-lifecycle.ts changeWorkspaceStatusAction": { page: () => "/settings", fields: () => ({ action: "close", confirm: hostA.split(".")[0] }) },
  // A browser's display choice: no workspace's data.
  "app/_actions/theme.ts setThemeAction": { page: () => "/account", fields: () => ({ theme: "dark" }) },
  "app/_actions/workspaces.ts openWorkspaceAction": { page: () => "/", fields: () => ({ slug: hostA.split(".")[0] }), formOnly: true },
  "app/_actions/workspaces.ts switchWorkspaceAction": { page: () => "/", fields: () => ({}), formOnly: true },
  "app/_actions/session.ts signOutAction": { page: () => "/", fields: () => ({}), formOnly: true },
  "app/_actions/session.ts signOutEverywhereAction": { page: () => "/", fields: () => ({}), formOnly: true },
  "app/auth/handoff/actions.ts finishHandoffAction": { page: () => "/auth/handoff", fields: () => ({ token: a.token }), formOnly: true },
  "app/sign-in/actions.ts signInAction": { page: () => "/sign-in", fields: () => ({ email: ownerB, password: "not-it", next: `/employees/${a.employee}` }) },
  "app/sign-up/actions.ts signUpAction": { page: () => "/sign-up", fields: () => ({ company: "X", slug: hostA.split(".")[0], name: "X", email: ownerB, password: "not-it-at-all" }) },
};

// Sign-out actions end the session they are called with: they go last, with a session of their own.
const LAST = ["app/_actions/session.ts signOutAction", "app/_actions/session.ts signOutEverywhereAction"];

describe("server actions", () => {
  test("every server action of the build has a case here", () => {
    assert.deepEqual(builtActions().filter((x) => !(x in ACTIONS)), [], "add a cross-tenant case for each new server action");
  });

  test("B's owner posting A's ids to every action gets nothing of A and changes nothing", async () => {
    const before = await snapshotOfA();
    const order = [...Object.keys(ACTIONS).filter((k) => !LAST.includes(k)), ...LAST];
    for (const key of order) {
      const [file, name] = key.split(" ");
      const c = ACTIONS[key];
      const session = LAST.includes(key) ? await sessionCookie(hostB, ownerB, PASSWORD) : cookie;
      const host = name === "signUpAction" ? "localhost" : hostB;
      const fields = c.fields();
      const result = await callAction(host, c.page(), file, name, fields, session, { formOnly: c.formOnly });
      assertNothingOfA(key, `${result.status} ${JSON.stringify(result.state)} ${result.redirect}`, [c.page(), fields]);
      assert.ok(result.status < 500, `${key}: ${result.status}`);
    }
    assert.equal(await snapshotOfA(), before, "A's rows changed");
    // "Sign out everywhere" ended every session of B's owner, the shared one too: a fresh one for what follows.
    cookie = await sessionCookie(hostB, ownerB, PASSWORD);
  });
});

// ── Pages ─────────────────────────────────────────────────────────────────────────────────────
const PAGES: Record<string, () => string> = {
  "/": () => `/?projectId=${a.project}&q=Sam`,
  "/employees/[id]": () => `/employees/${a.employee}`,
  "/employees/new": () => "/employees/new",
  "/employees/import": () => "/employees/import",
  "/projects/[id]": () => `/projects/${a.project}`,
  "/members": () => "/members",
  "/settings": () => "/settings",
  "/settings/audit": () => "/settings/audit?type=project.created",
  "/settings/plan": () => "/settings/plan",
  "/settings/api-keys": () => "/settings/api-keys",
  "/invite/[token]": () => `/invite/${a.token}`,
  "/auth/handoff": () => `/auth/handoff?token=${a.token}`,
  "/sign-in": () => `/sign-in?next=/employees/${a.employee}`,
  "/sign-up": () => "/sign-up",
  "/unknown-workspace": () => "/unknown-workspace",
  "/account": () => "/account",
  "/forgot-password": () => "/forgot-password",
  "/reset-password/[token]": () => `/reset-password/${a.token}`,
};

describe("pages", () => {
  test("every page of the build has a case here", () => {
    assert.deepEqual(builtPages().filter((p) => !(p in PAGES)), [], "add a cross-tenant case for each new page");
  });

  test("B's owner sees nothing of A on any page, with A's ids in the address", async () => {
    for (const [page, path] of Object.entries(PAGES)) {
      const res = await request(hostB, path(), { headers: { cookie } });
      assertNothingOfA(page, res, path());
      assert.ok([200, 404].includes(res.status), `${page}: ${res.status}`);
    }
    for (const page of ["/employees/[id]", "/projects/[id]"]) assert.equal((await request(hostB, PAGES[page](), { headers: { cookie } })).status, 404, page);
  });

  test("on A's own address B's owner gets the 404 of a workspace that does not exist", async () => {
    for (const page of ["/", "/employees/[id]", "/projects/[id]", "/members", "/settings/api-keys", "/employees/new"]) {
      const res = await request(hostA, PAGES[page](), { headers: { cookie } });
      assert.equal(res.status, 404, page);
      assertNothingOfA(page, res, PAGES[page]());
      assert.match(res.body, /Workspace not found/);
    }
  });
});

// ── The event stream ──────────────────────────────────────────────────────────────────────────
test("B's stream, resumed from before A's events and open while A writes, carries nothing of A", async () => {
  const stream = openEventStream(hostB, { cookie, "last-event-id": String(BigInt(a.event) - 1n) });
  try {
    await stream.ready;
    assert.equal(stream.status(), 200);
    await asTenant(tenants.admin, a.tenant, () =>
      tenants.admin.query("INSERT INTO events (type, payload, subject_id) VALUES ('employee.updated', $1, $2)", [{ id: a.employee, name: `Sam ${MARK}`, changed: ["title"] }, a.employee]),
    );
    await asTenant(tenants.admin, b.tenant, () =>
      tenants.admin.query("INSERT INTO events (type, payload, subject_id) VALUES ('employee.updated', $1, $2)", [{ id: b.employee, name: "Sam Same", changed: ["title"] }, b.employee]),
    );
    // Everything B's log holds since then arrives, ending with B's new event; none of it is A's.
    const until = Date.now() + 5000;
    while (!stream.events.some((e) => e.event === "employee.updated" && e.data.payload.id === b.employee)) {
      if (Date.now() > until) throw new Error(`B's own event did not arrive: ${JSON.stringify(stream.events)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.ok(stream.events.length >= 2, "B's earlier events were replayed");
    for (const e of stream.events) assertNothingOfA("stream", JSON.stringify(e), a.event);
  } finally {
    stream.close();
  }
  // And B's credentials on A's stream: as if A did not exist.
  assert.equal((await request(hostA, "/api/events", { headers: { cookie } })).status, 404);
});
