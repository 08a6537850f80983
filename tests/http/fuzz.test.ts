// Property-based fuzzing of every JSON route and every server action of the build (enumerated
// from .next's manifests, so a new one is fuzzed without anyone adding it): generated bad input —
// wrong types, huge and empty strings, NUL and other control characters, prototype-named keys,
// deep nesting, wrong content types, made-up ids and forged cursors — must get a typed 4xx (or,
// for an action, its refusal state), never a 5xx, and change no row. Bounded: a fixed number of
// runs per entry, with a fixed seed so a failure can be replayed.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import fc from "fast-check";
import { hashPassword } from "@/lib/auth/password";
import { TENANCY_ERRORS } from "@/lib/errors";
import { callAction } from "../support/actions";
import { asTenant, createTenants, tenantSnapshot, uniqueSlug } from "../support/env";
import { request } from "../support/http";
import { sessionCookie } from "../support/session";
import { builtActions, builtRoutes } from "../support/surface";

const RUNS = 25;
const SEED = 20261202;
const PASSWORD = "fuzz-password";
const owner = `owner-${Date.now().toString(36)}@fuzz.test`;
let tenants: Awaited<ReturnType<typeof createTenants>>;
let host: string;
let cookie: string;
const ids = {} as Record<"tenant" | "project" | "employee", string>;

before(async () => {
  const slug = uniqueSlug("fuzz");
  host = `${slug}.localhost`;
  tenants = await createTenants([slug]);
  ids.tenant = tenants.ids[0];
  const user = await tenants.admin.query("INSERT INTO users (email, name, password_hash) VALUES ($1, 'Fuzz', $2) RETURNING id", [owner, await hashPassword(PASSWORD)]);
  await asTenant(tenants.admin, ids.tenant, async () => {
    await tenants.admin.query("INSERT INTO memberships (user_id, role) VALUES ($1, 'owner')", [user.rows[0].id]);
    ids.project = (await tenants.admin.query("INSERT INTO projects (name) VALUES ('Fuzzed') RETURNING id")).rows[0].id;
    ids.employee = (await tenants.admin.query("INSERT INTO employees (name, email, title, department) VALUES ('Fay', 'fay@fuzz.test', '', '') RETURNING id")).rows[0].id;
  });
  cookie = await sessionCookie(host, owner, PASSWORD);
});

after(async () => {
  await tenants.admin.query("DELETE FROM users WHERE email = $1", [owner]);
  await tenants.admin.query("DELETE FROM sign_in_failures WHERE key LIKE 'address:%'"); // the fuzzed sign-ins' failures
  await tenants.cleanup();
});

/** The fuzzed tenant's rows, and how many tenants and users there are: what no bad input may change. */
async function snapshot(): Promise<string> {
  const { rows } = await tenants.admin.query("SELECT (SELECT count(*) FROM tenants)::int AS t, (SELECT count(*) FROM users)::int AS u");
  return `${await tenantSnapshot(tenants.admin, ids.tenant, { exceptAccess: true })} tenants:${rows[0].t} users:${rows[0].u}`;
}

// ── Generators ───────────────────────────────────────────────────────────────────────────────

const PROTO_KEYS = ["constructor", "toString", "valueOf", "hasOwnProperty", "__proto__", "prototype"];
const short = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constantFrom("", " ", "\u0000", "a\u0000b", "\r\n", "\u001b[31m", "\u202e", "null", "undefined", "-1", "1e309", "NaN", "../../etc/passwd", "' OR 1=1 --", "%00", "%"),
  fc.integer({ min: 200, max: 2000 }).map((n) => "x".repeat(n)),
);
// Huge strings go in bodies and forms; in an address they would only meet Node's own header
// limit (431), which closes the connection under the client's feet.
const nasty = fc.oneof(short, fc.integer({ min: 5000, max: 20000 }).map((n) => "x".repeat(n)));
const anyValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small", maxDepth: 6 }, nasty, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(tie("value"), { maxLength: 4 }), fc.dictionary(fc.oneof(nasty, fc.constantFrom(...PROTO_KEYS)), tie("value"), { maxKeys: 4 })),
})).value;
const uuidish = fc.oneof(fc.uuid(), short, fc.constantFrom("00000000-0000-0000-0000-000000000000", "none"));
// An id in a path: anything but what the URL itself gives a meaning ("", ".", ".."), which Next
// answers with a redirect to the normalised path.
const pathId = uuidish.filter((s) => s.trim() !== "" && s !== "." && s !== "..");
const cursor = fc.tuple(fc.constantFrom("name", "-name", "createdAt", "title", "x"), fc.oneof(short, fc.integer(), fc.constant(null), fc.record({ t: short })), uuidish).map((parts) => Buffer.from(JSON.stringify(parts)).toString("base64url"));
const queryKey = fc.oneof(fc.constantFrom("limit", "after", "before", "q", "department", "projectId", "sort", ...PROTO_KEYS), short);
const queryValue = fc.oneof(short, cursor, fc.integer().map(String));

// A body that no schema accepts: whatever else it holds, it names a field no route has.
const badBody = fc.record({ extra: fc.dictionary(fc.oneof(nasty, fc.constantFrom(...PROTO_KEYS)), anyValue, { maxKeys: 5 }), unknownKey: fc.string({ minLength: 1, maxLength: 8 }) }).map(
  ({ extra, unknownKey }) => JSON.stringify({ ...extra, [`fuzz_${unknownKey}`]: 1 }),
);
const rawBody = fc.oneof(badBody, nasty, fc.constantFrom("{", "[]", "null", '{"a":', "\u0000"), fc.integer({ min: 1, max: 4 }).map((d) => "[".repeat(d * 200) + "]".repeat(d * 200)));
const contentType = fc.constantFrom("application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "");

function typedAnswer(label: string, status: number, body: string) {
  assert.ok(status < 500, `${label}: ${status} ${body.slice(0, 300)}`);
  if (status >= 400 && body.startsWith("{")) {
    const code = JSON.parse(body).error?.code;
    assert.ok(code in TENANCY_ERRORS, `${label}: untyped error ${body.slice(0, 300)}`);
  }
}

// ── JSON routes ──────────────────────────────────────────────────────────────────────────────

const NOT_FUZZED: Record<string, string> = {
  "GET /api/events": "an event stream: its only input, Last-Event-ID, is fuzzed below",
  "GET /api/auth/[...nextauth]": "Auth.js's own endpoints",
  "POST /api/auth/[...nextauth]": "Auth.js's own endpoints",
  "GET /api/bench/baseline": "404 unless the benchmark turns it on",
  "GET /api/workspace/export": "takes no input (tests/http/owner-export.test.ts)",
  "GET /api/employees/export": "takes no input (tests/http/employee-csv.test.ts)",
  "GET /api/projects/export": "takes no input (tests/http/employee-csv.test.ts)",
};

test("every JSON route answers generated bad input with a typed 4xx and writes nothing", async () => {
  const routes = builtRoutes().filter((r) => !(r in NOT_FUZZED));
  assert.ok(routes.length >= 9, routes.join(", "));
  const before = await snapshot();
  for (const route of routes) {
    const [method, template] = route.split(" ");
    await fc.assert(
      // A DELETE with a real id and nothing else is a good request: it gets made-up ids only.
      fc.asyncProperty(method === "DELETE" ? pathId : fc.oneof(fc.constant(ids.employee), fc.constant(ids.project), pathId), fc.array(fc.tuple(queryKey, queryValue), { maxLength: 4 }), rawBody, contentType, async (id, query, body, type) => {
        const params = new URLSearchParams(query);
        const path = `${template.replace("[id]", encodeURIComponent(String(id))).replace("[...unknown]", encodeURIComponent(String(id)))}?${params}`;
        const headers: Record<string, string> = { cookie };
        if (type) headers["content-type"] = type;
        const res = await request(host, path, { method, headers, body: method === "GET" || method === "DELETE" ? undefined : body });
        typedAnswer(`${route} ${path.slice(0, 120)}`, res.status, res.body);
        if (method !== "GET") assert.ok(res.status >= 400, `${route} accepted a bad request: ${res.status}`);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }
  assert.equal(await snapshot(), before, "a bad request changed something");
});

test("the event stream answers any Last-Event-ID without a server error", async () => {
  await fc.assert(
    fc.asyncProperty(short, async (last) => {
      // What an HTTP client can put in a header at all: printable ASCII.
      const res = await request(host, "/api/events", { headers: { cookie, "last-event-id": last.replace(/[^\x20-\x7e]/g, "") }, headersOnly: true });
      assert.ok(res.status < 500, String(res.status));
    }),
    { numRuns: RUNS, seed: SEED },
  );
});

// ── Server actions ───────────────────────────────────────────────────────────────────────────

// The page each action is posted from, and whether it takes (state, form) or just (form).
const ACTION_PAGES: Record<string, { page: () => string; formOnly?: true; root?: true }> = {
  "app/_actions/employees.ts createEmployeeAction": { page: () => "/employees/new" },
  "app/_actions/employees.ts updateEmployeeAction": { page: () => `/employees/${ids.employee}` },
  "app/_actions/employees.ts removeEmployeeAction": { page: () => `/employees/${ids.employee}` },
  "app/_actions/employees.ts assignEmployeeAction": { page: () => `/projects/${ids.project}` },
  "app/_actions/employees.ts assignSelectedAction": { page: () => "/" },
  "app/_actions/employees.ts importEmployeesAction": { page: () => "/employees/import" },
  "app/_actions/projects.ts createProjectAction": { page: () => "/" },
  "app/_actions/projects.ts updateProjectAction": { page: () => `/projects/${ids.project}` },
  "app/_actions/projects.ts archiveProjectAction": { page: () => `/projects/${ids.project}` },
  "app/_actions/api-keys.ts createApiKeyAction": { page: () => "/settings/api-keys" },
  "app/_actions/api-keys.ts revokeApiKeyAction": { page: () => "/settings/api-keys" },
  "app/_actions/invitations.ts inviteAction": { page: () => "/members" },
  "app/_actions/invitations.ts revokeInvitationAction": { page: () => "/members" },
  "app/_actions/invitations.ts resendInvitationAction": { page: () => "/members" },
  "app/_actions/members.ts changeRoleAction": { page: () => "/members" },
  "app/_actions/members.ts removeMemberAction": { page: () => "/members" },
  "app/_actions/members.ts transferOwnershipAction": { page: () => "/members" },
  "app/_actions/members.ts leaveWorkspaceAction": { page: () => "/account" },
  "app/_actions/account.ts renameAccountAction": { page: () => "/account" },
  "app/_actions/account.ts changePasswordAction": { page: () => "/account" },
  "app/forgot-password/actions.ts requestResetAction": { page: () => "/forgot-password" },
  "app/reset-password/actions.ts resetPasswordAction": { page: () => "/reset-password/x" },
  "app/_actions/invitations.ts acceptInvitationAction": { page: () => "/members" },
  "app/_actions/invitations.ts createAccountAndAcceptAction": { page: () => "/members" },
  "app/_actions/workspace-lifecycle.ts changeWorkspaceStatusAction": { page: () => "/settings" },
  "app/_actions/plan.ts changePlanAction": { page: () => "/settings/plan" },
  "app/_actions/workspace-settings.ts renameWorkspaceAction": { page: () => "/settings" },
  "app/_actions/workspace-settings.ts changeAddressAction": { page: () => "/settings" },
  "app/_actions/theme.ts setThemeAction": { page: () => "/account" },
  "app/_actions/workspaces.ts openWorkspaceAction": { page: () => "/", formOnly: true, root: true },
  "app/_actions/workspaces.ts switchWorkspaceAction": { page: () => "/", formOnly: true, root: true },
  "app/_actions/session.ts signOutAction": { page: () => "/", formOnly: true },
  "app/_actions/session.ts signOutEverywhereAction": { page: () => "/", formOnly: true },
  "app/auth/handoff/actions.ts finishHandoffAction": { page: () => "/auth/handoff", formOnly: true },
  "app/sign-in/actions.ts signInAction": { page: () => "/sign-in" },
  "app/sign-up/actions.ts signUpAction": { page: () => "/sign-up", root: true },
};

// Field names the actions read, plus junk: what a forged form could hold.
const fieldName = fc.oneof(fc.constantFrom("id", "name", "email", "title", "department", "projectId", "status", "role", "token", "password", "userId", "current", "company", "slug", "next", "action", "confirm", "reason", "ids", "theme", ...PROTO_KEYS), nasty.filter((s) => s.length < 50));
const fieldValue = fc.oneof(nasty, uuidish, fc.constant(ids.project), fc.constant(ids.employee));

test("every server action answers generated bad forms without a server error, and writes nothing", async () => {
  const actions = builtActions();
  assert.deepEqual(actions.filter((a) => !(a in ACTION_PAGES)), [], "add a page for each new server action");
  const before = await snapshot();
  for (const key of actions) {
    const [file, name] = key.split(" ");
    const { page, formOnly, root } = ACTION_PAGES[key];
    // Sign-out would end the session the other actions use: it gets one of its own each time.
    const ownSession = name.startsWith("signOut");
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fieldName, fieldValue, { maxKeys: 6 }), fc.string({ minLength: 1, maxLength: 8 }), async (fields, unknownKey) => {
        // A field no action reads makes every form a bad one, whatever else was generated.
        const form = { ...fields, [`fuzz_${unknownKey}`]: "1" };
        const session = ownSession ? await sessionCookie(host, owner, PASSWORD) : cookie;
        const result = await callAction(root ? "localhost" : host, page(), file, name, form, session, { formOnly });
        assert.ok(result.status < 500, `${key}: ${result.status} ${JSON.stringify(fields).slice(0, 200)}`);
        if (result.state?.code) assert.ok(result.state.code in TENANCY_ERRORS, `${key}: ${result.state.code}`);
      }),
      { numRuns: ownSession ? 5 : RUNS, seed: SEED },
    );
  }
  assert.equal(await snapshot(), before, "a bad form changed something");
});
