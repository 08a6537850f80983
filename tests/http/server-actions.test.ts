// Every dashboard write action, called over HTTP as its form calls it, with what no rendered form
// sends: each bad payload comes back as invalid_request with the field's reason (or not_found for
// another tenant's id), roles are enforced, and the database is unchanged.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { callAction } from "../support/actions";
import { adminUrl, connect, deleteRunRows } from "../support/env";
import { sessionCookie } from "../support/session";

const RUN = `sa${Date.now()}`;
const cookie: Record<string, string> = {};
const ids = {} as Record<"acmeProject" | "acmeEmployee" | "archived" | "globexProject" | "globexEmployee", string>;

before(async () => {
  cookie.alice = await sessionCookie("acme.localhost", "alice@acme.test");
  cookie.mona = await sessionCookie("acme.localhost", "mona@acme.test");
  cookie.victor = await sessionCookie("acme.localhost", "victor@acme.test");
  const admin = await connect(adminUrl());
  const pick = (table: string, slug: string) =>
    admin.query(`SELECT x.id FROM ${table} x JOIN tenants t ON t.id = x.tenant_id WHERE t.slug = $1 ORDER BY x.name LIMIT 1`, [slug]).then((r) => r.rows[0].id);
  ids.acmeProject = await pick("projects", "acme");
  ids.acmeEmployee = await pick("employees", "acme");
  ids.globexProject = await pick("projects", "globex");
  ids.globexEmployee = await pick("employees", "globex");
  ids.archived = (await admin.query("INSERT INTO projects (tenant_id, name, status) SELECT id, $1, 'archived' FROM tenants WHERE slug = 'acme' RETURNING id", [`${RUN} Archived`])).rows[0].id;
  await admin.end();
});

after(() => deleteRunRows(RUN));

/** Everything a dashboard action could change, in one comparable value. */
async function snapshot() {
  const admin = await connect(adminUrl());
  const { rows } = await admin.query(`SELECT
    (SELECT count(*)::int FROM events) AS events,
    (SELECT md5(string_agg(concat_ws('|', id, name, email, title, department, project_id), ',' ORDER BY id)) FROM employees) AS employees,
    (SELECT md5(string_agg(concat_ws('|', id, name, status), ',' ORDER BY id)) FROM projects) AS projects`);
  await admin.end();
  return rows[0];
}

const EMPLOYEES = "app/_actions/employees.ts";
const PROJECTS = "app/_actions/projects.ts";
const valid = () => ({ name: `${RUN} Ok`, email: `ok-${RUN}@acme.test`, title: "", department: "", projectId: "" });
const file = () => new Blob(["not text"], { type: "text/plain" });

type Case = [label: string, fields: () => Record<string, string | Blob>, expect: { code: string; field?: string }];
type Action = { file: string; name: string; page: () => string; cases: Case[] };

const bad = (field: string) => ({ code: "invalid_request", field });
const actions: Action[] = [
  {
    file: EMPLOYEES, name: "createEmployeeAction", page: () => "/employees/new",
    cases: [
      ["empty", () => ({}), bad("name")],
      ["name too long", () => ({ ...valid(), name: "x".repeat(121) }), bad("name")],
      ["bad email", () => ({ ...valid(), email: "nope" }), bad("email")],
      ["email taken", () => ({ ...valid(), email: "ada.fischer.21@acme.test" }), bad("email")],
      ["wrong type", () => ({ ...valid(), title: file() }), bad("title")],
      ["another tenant's project", () => ({ ...valid(), projectId: ids.globexProject }), bad("projectId")],
      ["an archived project", () => ({ ...valid(), projectId: ids.archived }), bad("projectId")],
      ["unknown field", () => ({ ...valid(), tenantId: "forged" }), bad("tenantId")],
    ],
  },
  {
    file: EMPLOYEES, name: "updateEmployeeAction", page: () => `/employees/${ids.acmeEmployee}`,
    cases: [
      ["nothing to change", () => ({ id: ids.acmeEmployee }), bad("_")],
      ["blank name", () => ({ id: ids.acmeEmployee, name: "  " }), bad("name")],
      ["department too long", () => ({ id: ids.acmeEmployee, department: "d".repeat(81) }), bad("department")],
      ["wrong type", () => ({ id: ids.acmeEmployee, name: file() }), bad("name")],
      ["unknown field", () => ({ id: ids.acmeEmployee, salary: "1" }), bad("salary")],
      ["another tenant's employee", () => ({ id: ids.globexEmployee, title: "Stolen" }), { code: "not_found" }],
      ["no id", () => ({ title: "Lost" }), { code: "not_found" }],
    ],
  },
  {
    file: EMPLOYEES, name: "assignEmployeeAction", page: () => `/projects/${ids.acmeProject}`,
    cases: [
      ["not a project id", () => ({ id: ids.acmeEmployee, projectId: "nope" }), bad("projectId")],
      ["another tenant's project", () => ({ id: ids.acmeEmployee, projectId: ids.globexProject }), bad("projectId")],
      ["an archived project", () => ({ id: ids.acmeEmployee, projectId: ids.archived }), bad("projectId")],
      ["another tenant's employee", () => ({ id: ids.globexEmployee, projectId: ids.acmeProject }), { code: "not_found" }],
    ],
  },
  {
    file: EMPLOYEES, name: "removeEmployeeAction", page: () => `/employees/${ids.acmeEmployee}`,
    cases: [
      ["another tenant's employee", () => ({ id: ids.globexEmployee }), { code: "not_found" }],
      ["not an id", () => ({ id: "1 OR 1=1" }), { code: "not_found" }],
    ],
  },
  {
    file: PROJECTS, name: "createProjectAction", page: () => "/",
    cases: [
      ["empty", () => ({}), bad("name")],
      ["name too long", () => ({ name: "x".repeat(121), status: "active" }), bad("name")],
      ["wrong enum", () => ({ name: `${RUN} P`, status: "done" }), bad("status")],
      ["wrong type", () => ({ name: file(), status: "active" }), bad("name")],
      ["name taken", () => ({ name: "Rocket Skates", status: "active" }), bad("name")],
      ["unknown field", () => ({ name: `${RUN} P`, status: "active", id: ids.globexProject }), bad("id")],
    ],
  },
  {
    file: PROJECTS, name: "updateProjectAction", page: () => `/projects/${ids.acmeProject}`,
    cases: [
      ["blank name", () => ({ id: ids.acmeProject, name: " " }), bad("name")],
      ["wrong enum", () => ({ id: ids.acmeProject, status: "deleted" }), bad("status")],
      ["wrong type", () => ({ id: ids.acmeProject, status: file() }), bad("status")],
      ["unknown field", () => ({ id: ids.acmeProject, tenantId: "forged" }), bad("tenantId")],
      ["another tenant's project", () => ({ id: ids.globexProject, name: `${RUN} Stolen` }), { code: "not_found" }],
    ],
  },
  {
    file: PROJECTS, name: "archiveProjectAction", page: () => `/projects/${ids.acmeProject}`,
    cases: [["another tenant's project", () => ({ id: ids.globexProject }), { code: "not_found" }]],
  },
];

for (const action of actions) {
  describe(`${action.name}: bad input is refused with its reason, and nothing is written`, () => {
    for (const [label, fields, expected] of action.cases) {
      test(label, async () => {
        const before = await snapshot();
        const res = await callAction("acme.localhost", action.page(), action.file, action.name, fields(), cookie.alice);
        assert.equal(res.status, 200, `an action answers in its state, not with an error page (${res.status})`);
        assert.equal(res.state?.code, expected.code, JSON.stringify(res.state));
        if (expected.field) assert.ok(res.state?.fields?.[expected.field]?.length, JSON.stringify(res.state));
        assert.equal(res.redirect, null);
        assert.deepEqual(await snapshot(), before);
      });
    }
  });
}

test("roles: a viewer writes nothing; a member may not remove or archive", async () => {
  const before = await snapshot();
  const refused: [string, string, string, string, Record<string, string>][] = [
    ["victor", EMPLOYEES, "createEmployeeAction", "/employees/new", valid()],
    ["victor", EMPLOYEES, "updateEmployeeAction", `/employees/${ids.acmeEmployee}`, { id: ids.acmeEmployee, title: "Viewer" }],
    ["victor", PROJECTS, "createProjectAction", "/", { name: `${RUN} Viewer`, status: "active" }],
    ["mona", EMPLOYEES, "removeEmployeeAction", `/employees/${ids.acmeEmployee}`, { id: ids.acmeEmployee }],
    ["mona", PROJECTS, "archiveProjectAction", `/projects/${ids.acmeProject}`, { id: ids.acmeProject }],
    ["mona", PROJECTS, "updateProjectAction", `/projects/${ids.acmeProject}`, { id: ids.acmeProject, status: "archived" }],
  ];
  for (const [who, file, name, page, fields] of refused) {
    const res = await callAction("acme.localhost", page, file, name, fields, cookie[who]);
    assert.equal(res.state?.code, "forbidden", `${who} ${name}: ${JSON.stringify(res.state)}`);
  }
  assert.deepEqual(await snapshot(), before);
});

test("without a tenant (the root domain) an action does nothing", async () => {
  const before = await snapshot();
  const res = await callAction("localhost", "/", PROJECTS, "createProjectAction", { name: `${RUN} Rootless`, status: "active" }, cookie.alice);
  assert.equal(res.state?.code, "tenant_not_found", JSON.stringify(res.state));
  assert.deepEqual(await snapshot(), before);
});

test("the same calls succeed with good input: the harness itself is sound", async () => {
  const created = await callAction("acme.localhost", "/employees/new", EMPLOYEES, "createEmployeeAction", valid(), cookie.mona);
  assert.match(created.redirect ?? "", /^\/employees\/[0-9a-f-]{36}\?added=1$/, JSON.stringify(created));
  const id = created.redirect!.slice("/employees/".length, -"?added=1".length);
  const updated = await callAction("acme.localhost", `/employees/${id}`, EMPLOYEES, "updateEmployeeAction", { id, title: "Tester" }, cookie.mona);
  assert.deepEqual(updated.state, { ok: true, message: `Saved ${RUN} Ok.` });
  const project = await callAction("acme.localhost", "/", PROJECTS, "createProjectAction", { name: `${RUN} Fine`, status: "planned" }, cookie.mona);
  assert.equal(project.state?.ok, true, JSON.stringify(project.state));
  const removed = await callAction("acme.localhost", `/employees/${id}`, EMPLOYEES, "removeEmployeeAction", { id }, cookie.alice);
  assert.equal(removed.redirect, "/");
});
