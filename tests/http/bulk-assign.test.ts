// The dashboard's bulk assignment: the checked employees go to one project (or none) in one
// transaction, each with the events a single change records; an id that is not this workspace's,
// an archived project, a viewer, or a bad selection changes nothing.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { hashPassword } from "@/lib/auth/password";
import { callAction } from "../support/actions";
import { asTenant, createTenants, uniqueSlug } from "../support/env";
import { sessionCookie } from "../support/session";

const PASSWORD = "bulk-password";
const stamp = Date.now().toString(36);
const emails = { member: `member-${stamp}@bulk.test`, viewer: `viewer-${stamp}@bulk.test` };
const ACTION = ["app/_actions/employees.ts", "assignSelectedAction"] as const;
let tenants: Awaited<ReturnType<typeof createTenants>>;
let host: string;
const cookies = {} as Record<"member" | "viewer", string>;
const ids = { people: [] as string[], open: "", archived: "", foreign: "" };

const projectsOf = async (people: string[]) =>
  (await tenants.admin.query<{ project_id: string | null }>("SELECT project_id FROM employees WHERE id = ANY($1) ORDER BY name", [people])).rows.map((r) => r.project_id);

// A form with the same field more than once, as the checked boxes send it.
const assign = (people: string[], projectId: string, cookie = cookies.member) => {
  const form: Record<string, string> = { projectId };
  return callAction(host, "/", ...ACTION, form, cookie, { repeated: { ids: people } });
};

before(async () => {
  const slugs = [uniqueSlug("bulk"), uniqueSlug("bulk-other")];
  host = `${slugs[0]}.localhost`;
  tenants = await createTenants(slugs);
  const hash = await hashPassword(PASSWORD);
  const users = await tenants.admin.query<{ id: string }>("INSERT INTO users (email, name, password_hash) VALUES ($1, 'Mia Member', $3), ($2, 'Vic Viewer', $3) RETURNING id", [emails.member, emails.viewer, hash]);
  await asTenant(tenants.admin, tenants.ids[0], async () => {
    await tenants.admin.query("INSERT INTO memberships (user_id, role) VALUES ($1, 'member'), ($2, 'viewer')", [users.rows[0].id, users.rows[1].id]);
    const projects = await tenants.admin.query<{ id: string }>("INSERT INTO projects (name, status) VALUES ('Open', 'active'), ('Shelved', 'archived') RETURNING id");
    [ids.open, ids.archived] = projects.rows.map((r) => r.id);
    const people = await tenants.admin.query<{ id: string }>("INSERT INTO employees (name, email, title, department) SELECT 'Person ' || i, 'p' || i || '@bulk.test', '', '' FROM generate_series(1, 4) AS i RETURNING id");
    ids.people = people.rows.map((r) => r.id);
  });
  await asTenant(tenants.admin, tenants.ids[1], async () => {
    ids.foreign = (await tenants.admin.query("INSERT INTO employees (name, email, title, department) VALUES ('Stranger', 's@other.test', '', '') RETURNING id")).rows[0].id;
  });
  cookies.member = await sessionCookie(host, emails.member, PASSWORD);
  cookies.viewer = await sessionCookie(host, emails.viewer, PASSWORD);
});

after(async () => {
  await tenants.admin.query("DELETE FROM users WHERE email = ANY($1)", [Object.values(emails)]);
  await tenants.cleanup();
});

test("the selected employees go to one project together, each with its own events; the others stay", async () => {
  const [a, b, c, d] = ids.people;
  const result = await assign([a, b, c], ids.open);
  assert.equal(result.state?.ok, true, JSON.stringify(result.state));
  assert.equal(result.state?.message, "Assigned 3 of 3 selected employees.");
  assert.deepEqual(await projectsOf([a, b, c, d]), [ids.open, ids.open, ids.open, null]);
  const { rows } = await tenants.admin.query("SELECT type, payload FROM events WHERE tenant_id = $1 AND type IN ('employee.updated', 'assignment.changed') AND subject_id = $2 ORDER BY id", [tenants.ids[0], a]);
  assert.deepEqual(rows.map((r) => r.type), ["employee.updated", "assignment.changed"]);
  assert.deepEqual(rows[0].payload.values, { projectId: [null, ids.open] });
  // Taking two off again; one of the selection already had no project.
  const off = await assign([a, d], "");
  assert.equal(off.state?.message, "Took off their project 1 of 2 selected employees (the others already were).");
  assert.deepEqual(await projectsOf([a, b, c, d]), [null, ids.open, ids.open, null]);
});

test("another workspace's employee in the selection, an archived project, a viewer, or a bad selection: nothing changes", async () => {
  const [a, , , d] = ids.people;
  const before = await projectsOf(ids.people);
  assert.equal((await assign([d, ids.foreign], ids.open)).state?.code, "not_found");
  assert.deepEqual((await assign([a], ids.archived)).state?.fields?.projectId, ["This project is archived."]);
  assert.equal((await assign([a], ids.open, cookies.viewer)).state?.code, "forbidden");
  assert.deepEqual((await assign([], ids.open)).state?.fields?.ids, ["Select at least one employee."]);
  assert.deepEqual((await assign(["not-an-id"], ids.open)).state?.fields?.["ids.0"], ["Not an employee id."]);
  assert.equal((await assign(Array.from({ length: 101 }, () => a), ids.open)).state?.fields?.ids?.[0], "At most 100 at a time.");
  assert.deepEqual(await projectsOf(ids.people), before);
  const foreign = await tenants.admin.query("SELECT project_id FROM employees WHERE id = $1", [ids.foreign]);
  assert.equal(foreign.rows[0].project_id, null);
});
