// Project writes over the JSON API: rename, status and archive with their events, the finer
// archive permission, another tenant's ids invisible, bad input refused whole, atomicity; and
// the assignment rule that archiving implies (no one new joins an archived project).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { adminUrl, connect, deleteRunRows } from "../support/env";
import { jsonRequest } from "../support/http";
import { sessionCookie } from "../support/session";

const RUN = `pw${Date.now()}`;
const cookie: Record<string, string> = {};
let globexProject: string;

before(async () => {
  cookie.alice = await sessionCookie("acme.localhost", "alice@acme.test");
  cookie.mona = await sessionCookie("acme.localhost", "mona@acme.test");
  cookie.victor = await sessionCookie("acme.localhost", "victor@acme.test");
  const admin = await connect(adminUrl());
  const { rows } = await admin.query("SELECT p.id FROM projects p JOIN tenants t ON t.id = p.tenant_id WHERE t.slug = 'globex' LIMIT 1");
  await admin.end();
  globexProject = rows[0].id;
});

after(() => deleteRunRows(RUN));

const api = (who: string, method: string, path: string, body?: unknown) => jsonRequest("acme.localhost", method, path, cookie[who], body);

async function newProject(name: string): Promise<string> {
  const res = await api("alice", "POST", "/api/projects", { name });
  assert.equal(res.status, 201, res.body);
  return res.json().id;
}

async function eventsFor(id: string): Promise<{ type: string; payload: any }[]> {
  const admin = await connect(adminUrl());
  const { rows } = await admin.query("SELECT type, payload FROM events WHERE payload->>'id' = $1 ORDER BY id", [id]);
  await admin.end();
  return rows;
}

async function counts() {
  const admin = await connect(adminUrl());
  const { rows } = await admin.query("SELECT (SELECT count(*)::int FROM projects) AS p, (SELECT count(*)::int FROM employees) AS e, (SELECT count(*)::int FROM events) AS v, (SELECT md5(string_agg(name || status, ',' ORDER BY id)) FROM projects) AS h");
  await admin.end();
  return rows[0];
}

test("rename and status change record project.updated with what changed; archiving records project.archived", async () => {
  const id = await newProject(`${RUN} Alpha`);
  const renamed = await api("mona", "PATCH", `/api/projects/${id}`, { name: `  ${RUN} Beta  `, status: "active" });
  assert.equal(renamed.status, 200, renamed.body);
  assert.equal(renamed.json().name, `${RUN} Beta`);
  assert.equal((await api("mona", "PATCH", `/api/projects/${id}`, { status: "on_hold" })).status, 200);
  assert.equal((await api("alice", "PATCH", `/api/projects/${id}`, { status: "archived" })).json().status, "archived");
  const events = await eventsFor(id);
  assert.deepEqual(events.map((e) => [e.type, e.payload.changed ?? null]), [
    ["project.created", null],
    ["project.updated", ["name"]], // status was already active: not a change
    ["project.updated", ["status"]],
    ["project.archived", ["status"]],
  ]);
  const read = await api("victor", "GET", `/api/projects/${id}`);
  assert.equal(read.status, 200);
  assert.deepEqual([read.json().name, read.json().status, read.json()._count.employees], [`${RUN} Beta`, "archived", 0]);
});

test("saving without a change writes nothing and records no event", async () => {
  const id = await newProject(`${RUN} Same`);
  const before = await counts();
  const res = await api("alice", "PATCH", `/api/projects/${id}`, { name: `${RUN} Same`, status: "active" });
  assert.equal(res.status, 200, res.body);
  assert.deepEqual(await counts(), before);
});

test("archiving and restoring take an admin; members may rename, viewers nothing", async () => {
  const id = await newProject(`${RUN} Guarded`);
  const before = await counts();
  const refused = await api("mona", "PATCH", `/api/projects/${id}`, { status: "archived" });
  assert.equal(refused.status, 403, refused.body);
  assert.equal((await api("victor", "PATCH", `/api/projects/${id}`, { name: `${RUN} Viewer` })).status, 403);
  assert.deepEqual(await counts(), before);
  assert.equal((await api("alice", "PATCH", `/api/projects/${id}`, { status: "archived" })).status, 200);
  assert.equal((await api("mona", "PATCH", `/api/projects/${id}`, { status: "active" })).status, 403, "restoring is the admin's too");
  assert.equal((await api("alice", "PATCH", `/api/projects/${id}`, { status: "active" })).status, 200);
});

test("an archived project keeps its members but takes no new ones", async () => {
  const id = await newProject(`${RUN} Closing`);
  const member = await api("alice", "POST", "/api/employees", { name: `${RUN} Stays`, email: `stays-${RUN}@acme.test`, projectId: id });
  assert.equal(member.status, 201, member.body);
  assert.equal((await api("alice", "PATCH", `/api/projects/${id}`, { status: "archived" })).status, 200);
  assert.equal((await api("alice", "GET", `/api/employees/${member.json().id}`)).json().projectId, id);
  const employee = member.json().id;
  assert.equal((await api("alice", "PATCH", `/api/employees/${employee}`, { projectId: null })).status, 200); // leaving is fine
  const before = await counts();
  for (const res of [
    await api("alice", "POST", "/api/employees", { name: `${RUN} Late`, email: `late-${RUN}@acme.test`, projectId: id }),
    await api("alice", "PATCH", `/api/employees/${employee}`, { projectId: id }),
  ]) {
    assert.equal(res.status, 400, res.body);
    assert.deepEqual(res.json().error.fields, { projectId: ["This project is archived."] });
  }
  assert.deepEqual(await counts(), before);
});

test("another tenant's project does not exist here", async () => {
  const before = await counts();
  assert.equal((await api("alice", "GET", `/api/projects/${globexProject}`)).status, 404);
  assert.equal((await api("alice", "PATCH", `/api/projects/${globexProject}`, { name: `${RUN} Stolen` })).status, 404);
  assert.equal((await api("alice", "PATCH", `/api/projects/${globexProject}`, { status: "archived" })).status, 404);
  assert.equal((await api("alice", "GET", "/api/projects/not-a-uuid")).status, 404);
  assert.deepEqual(await counts(), before);
});

test("without a tenant (the root domain) the new routes and pages find nothing", async () => {
  const before = await counts();
  for (const [method, path, body] of [
    ["GET", `/api/projects/${globexProject}`],
    ["PATCH", `/api/projects/${globexProject}`, { name: `${RUN} Rootless` }],
    ["GET", `/api/employees/${globexProject}`],
  ] as const) {
    const res = await jsonRequest("localhost", method, path, cookie.alice, body);
    assert.equal(res.status, 404, `${method} ${path}`);
    assert.equal(res.json().error.code, "tenant_not_found");
  }
  for (const page of [`/projects/${globexProject}`, "/employees/new"]) {
    assert.equal((await jsonRequest("localhost", "GET", page, cookie.alice)).status, 404, page);
  }
  assert.deepEqual(await counts(), before);
});

describe("bad input gets 400 with each field's reason, and the database is unchanged", () => {
  let target: string;
  before(async () => {
    target = await newProject(`${RUN} Target`);
    await newProject(`${RUN} Taken`);
  });
  const cases: [string, string, string, unknown, string][] = [
    ["POST", "/api/projects", "empty", {}, "name"],
    ["POST", "/api/projects", "blank name", { name: "   " }, "name"],
    ["POST", "/api/projects", "name too long", { name: "x".repeat(121) }, "name"],
    ["POST", "/api/projects", "wrong enum", { name: `${RUN} E`, status: "done" }, "status"],
    ["POST", "/api/projects", "wrong type", { name: 42 }, "name"],
    ["POST", "/api/projects", "unknown field", { name: `${RUN} U`, tenantId: "x" }, "tenantId"],
    ["POST", "/api/projects", "name taken", { name: `${RUN} Taken` }, "name"],
    ["POST", "/api/projects", "not JSON", "{", "_"],
    ["PATCH", "/api/projects/{id}", "nothing to change", {}, "_"],
    ["PATCH", "/api/projects/{id}", "wrong enum", { status: "deleted" }, "status"],
    ["PATCH", "/api/projects/{id}", "wrong type", { status: ["active"] }, "status"],
    ["PATCH", "/api/projects/{id}", "unknown field", { name: `${RUN} N`, id: "00000000-0000-0000-0000-000000000000" }, "id"],
    ["PATCH", "/api/projects/{id}", "name taken", { name: `${RUN} Taken` }, "name"],
    ["PATCH", "/api/projects/{id}", "valid name with a bad status", { name: `${RUN} Half`, status: "nope" }, "status"],
  ];
  for (const [method, path, label, body, field] of cases) {
    test(`${method} ${label}`, async () => {
      const before = await counts();
      const res = await api("alice", method, path.replace("{id}", target), body);
      assert.equal(res.status, 400, res.body);
      assert.ok(res.json().error.fields[field]?.length, res.body);
      assert.deepEqual(await counts(), before);
    });
  }
});

test("an update that fails after its first write leaves neither the change nor the event", async () => {
  const id = await newProject(`${RUN} Atomic`);
  const admin = await connect(adminUrl());
  const boom = `${RUN} Boom`;
  await admin.query(`CREATE FUNCTION test_fail_project_event() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN IF NEW.payload->>'name' = '${boom}' THEN RAISE EXCEPTION 'event refused'; END IF; RETURN NEW; END $$`);
  await admin.query("CREATE TRIGGER test_fail_project_event BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION test_fail_project_event()");
  try {
    const before = await counts();
    const res = await api("alice", "PATCH", `/api/projects/${id}`, { name: boom });
    assert.equal(res.status, 500);
    assert.deepEqual(await counts(), before);
    assert.equal((await api("alice", "GET", `/api/projects/${id}`)).json().name, `${RUN} Atomic`);
  } finally {
    await admin.query("DROP TRIGGER test_fail_project_event ON events");
    await admin.query("DROP FUNCTION test_fail_project_event()");
    await admin.end();
  }
});
