// Employee writes over the JSON API: validation with field reasons and nothing partial, another
// tenant's ids invisible (404), roles enforced, and each write atomic with its event.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { adminUrl, connect, deleteRunRows } from "../support/env";
import { jsonRequest } from "../support/http";
import { sessionCookie } from "../support/session";

const RUN = `w${Date.now()}`;
const cookie: Record<string, string> = {};
let acmeProject: string;
let globexEmployee: string;

before(async () => {
  cookie.alice = await sessionCookie("acme.localhost", "alice@acme.test");
  cookie.victor = await sessionCookie("acme.localhost", "victor@acme.test");
  cookie.gina = await sessionCookie("globex.localhost", "gina@globex.test");
  const admin = await connect(adminUrl());
  const { rows } = await admin.query(`
    SELECT (SELECT p.id FROM projects p JOIN tenants t ON t.id = p.tenant_id WHERE t.slug = 'acme' LIMIT 1) AS project,
           (SELECT e.id FROM employees e JOIN tenants t ON t.id = e.tenant_id WHERE t.slug = 'globex' LIMIT 1) AS employee`);
  await admin.end();
  [acmeProject, globexEmployee] = [rows[0].project, rows[0].employee];
});

after(() => deleteRunRows(RUN));

const api = (host: string, who: string, method: string, path: string, body?: unknown) => jsonRequest(host, method, path, cookie[who], body);

async function counts() {
  const admin = await connect(adminUrl());
  const { rows } = await admin.query("SELECT (SELECT count(*)::int FROM employees) AS e, (SELECT count(*)::int FROM events) AS v");
  await admin.end();
  return rows[0];
}

test("create, update (with an assignment), remove: each with its events", async () => {
  const created = await api("acme.localhost", "alice", "POST", "/api/employees", { name: `${RUN} Ann`, email: `ANN-${RUN}@acme.test`, title: " Engineer " });
  assert.equal(created.status, 201, created.body);
  const e = created.json();
  assert.deepEqual([e.email, e.title, e.projectId], [`ann-${RUN}@acme.test`, "Engineer", null]);
  const updated = await api("acme.localhost", "alice", "PATCH", `/api/employees/${e.id}`, { projectId: acmeProject });
  assert.equal(updated.status, 200, updated.body);
  assert.equal(updated.json().projectId, acmeProject);
  assert.equal((await api("acme.localhost", "alice", "DELETE", `/api/employees/${e.id}`)).status, 204);
  const admin = await connect(adminUrl());
  const { rows } = await admin.query("SELECT type FROM events WHERE payload->>'id' = $1 ORDER BY id", [e.id]);
  await admin.end();
  assert.deepEqual(rows.map((r) => r.type), ["employee.created", "employee.updated", "assignment.changed", "employee.removed"]);
});

test("roles: a viewer may not write", async () => {
  const before = await counts();
  assert.equal((await api("acme.localhost", "victor", "POST", "/api/employees", { name: `${RUN} V`, email: `v-${RUN}@acme.test` })).status, 403);
  assert.deepEqual(await counts(), before);
});

test("another tenant's ids do not exist here", async () => {
  const before = await counts();
  assert.equal((await api("acme.localhost", "alice", "GET", `/api/employees/${globexEmployee}`)).status, 404);
  assert.equal((await api("acme.localhost", "alice", "PATCH", `/api/employees/${globexEmployee}`, { name: "Taken" })).status, 404);
  assert.equal((await api("acme.localhost", "alice", "DELETE", `/api/employees/${globexEmployee}`)).status, 404);
  const cross = await api("globex.localhost", "gina", "POST", "/api/employees", { name: `${RUN} X`, email: `x-${RUN}@globex.test`, projectId: acmeProject });
  assert.equal(cross.status, 400);
  assert.deepEqual(Object.keys(cross.json().error.fields), ["projectId"]);
  assert.deepEqual(await counts(), before);
});

describe("bad input gets 400 with each field's reason, and the database is unchanged", () => {
  const cases: [string, string, string, unknown, string][] = [
    ["POST", "/api/employees", "empty", {}, "name"],
    ["POST", "/api/employees", "blank name", { name: " ", email: `b-${RUN}@acme.test` }, "name"],
    ["POST", "/api/employees", "name too long", { name: "x".repeat(121), email: `l-${RUN}@acme.test` }, "name"],
    ["POST", "/api/employees", "bad email", { name: `${RUN} E`, email: "not-an-email" }, "email"],
    ["POST", "/api/employees", "wrong type", { name: `${RUN} T`, email: `t-${RUN}@acme.test`, title: 7 }, "title"],
    ["POST", "/api/employees", "unknown field", { name: `${RUN} U`, email: `u-${RUN}@acme.test`, tenantId: "x" }, "tenantId"],
    ["POST", "/api/employees", "bad project id", { name: `${RUN} P`, email: `p-${RUN}@acme.test`, projectId: "nope" }, "projectId"],
    ["POST", "/api/employees", "email taken", { name: `${RUN} D`, email: "ada.fischer.21@acme.test" }, "email"],
    ["POST", "/api/employees", "not JSON", "{", "_"],
    ["PATCH", "/api/employees/{id}", "nothing to change", {}, "_"],
    ["PATCH", "/api/employees/{id}", "department too long", { department: "d".repeat(81) }, "department"],
  ];
  let target: string;
  before(async () => {
    const res = await api("acme.localhost", "alice", "POST", "/api/employees", { name: `${RUN} Target`, email: `target-${RUN}@acme.test` });
    target = res.json().id;
  });
  for (const [method, path, label, body, field] of cases) {
    test(`${method} ${label}`, async () => {
      const before = await counts();
      const res = await api("acme.localhost", "alice", method, path.replace("{id}", target), body);
      assert.equal(res.status, 400, res.body);
      assert.ok(res.json().error.fields[field]?.length, res.body);
      assert.deepEqual(await counts(), before);
    });
  }
});

test("a write that fails after its first statement leaves neither the row nor the event", async () => {
  const admin = await connect(adminUrl());
  const boom = `${RUN} boom`;
  // Make the event insert (the second statement) fail, for this one name only.
  await admin.query(`CREATE FUNCTION test_fail_event() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN IF NEW.payload->>'name' = '${boom}' THEN RAISE EXCEPTION 'event refused'; END IF; RETURN NEW; END $$`);
  await admin.query("CREATE TRIGGER test_fail_event BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION test_fail_event()");
  try {
    const before = await counts();
    const res = await api("acme.localhost", "alice", "POST", "/api/employees", { name: boom, email: `boom-${RUN}@acme.test` });
    assert.equal(res.status, 500);
    assert.deepEqual(res.json(), { error: { code: "internal_error", message: "Something went wrong." } }); // no SQL leaks out
    assert.deepEqual(await counts(), before);
  } finally {
    await admin.query("DROP TRIGGER test_fail_event ON events");
    await admin.query("DROP FUNCTION test_fail_event()");
    await admin.end();
  }
});
