// Updates built on a stale reading are refused, not merged over someone else's change: a PATCH
// (or a form) may name the `version` (the record's updatedAt) it was made from; if the record has
// changed since, the answer is 409 edit_conflict and nothing is written. Without a version, a
// PATCH still only writes the fields it names.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { hashPassword } from "@/lib/auth/password";
import { asTenant, createTenants, uniqueSlug } from "../support/env";
import { jsonRequest } from "../support/http";
import { sessionCookie } from "../support/session";

const PASSWORD = "conflict-password";
const email = `owner-${Date.now().toString(36)}@conflicts.test`;
let tenants: Awaited<ReturnType<typeof createTenants>>;
let host: string;
let cookie: string;
const ids = {} as Record<"project" | "employee", string>;

before(async () => {
  const slug = uniqueSlug("conflicts");
  host = `${slug}.localhost`;
  tenants = await createTenants([slug]);
  const user = await tenants.admin.query("INSERT INTO users (email, name, password_hash) VALUES ($1, 'Cora', $2) RETURNING id", [email, await hashPassword(PASSWORD)]);
  await asTenant(tenants.admin, tenants.ids[0], async () => {
    await tenants.admin.query("INSERT INTO memberships (user_id, role) VALUES ($1, 'owner')", [user.rows[0].id]);
    ids.project = (await tenants.admin.query("INSERT INTO projects (name, status) VALUES ('Kiln', 'active') RETURNING id")).rows[0].id;
    ids.employee = (await tenants.admin.query("INSERT INTO employees (name, email, title, department) VALUES ('Ida', 'ida@conflicts.test', 'Potter', 'Studio') RETURNING id")).rows[0].id;
  });
  cookie = await sessionCookie(host, email, PASSWORD);
});

after(async () => {
  await tenants.admin.query("DELETE FROM users WHERE email = $1", [email]);
  await tenants.cleanup();
});

for (const kind of ["project", "employee"] as const) {
  test(`${kind}: a PATCH from a stale version is a 409 edit_conflict and writes nothing; from the current one it saves`, async () => {
    const path = `/api/${kind}s/${ids[kind]}`;
    const first = await jsonRequest(host, "GET", path, cookie);
    const seen = first.json().updatedAt as string;
    const theirs = await jsonRequest(host, "PATCH", path, cookie, { name: kind === "project" ? "Kiln Two" : "Ida Two", version: seen });
    assert.equal(theirs.status, 200, theirs.body);
    const stale = await jsonRequest(host, "PATCH", path, cookie, { name: kind === "project" ? "Kiln Mine" : "Ida Mine", version: seen });
    assert.equal(stale.status, 409, stale.body);
    assert.equal(stale.json().error.code, "edit_conflict");
    assert.equal((await jsonRequest(host, "GET", path, cookie)).json().name, kind === "project" ? "Kiln Two" : "Ida Two");
    const current = theirs.json().updatedAt as string;
    const mine = await jsonRequest(host, "PATCH", path, cookie, { name: kind === "project" ? "Kiln Mine" : "Ida Mine", version: current });
    assert.equal(mine.status, 200, mine.body);
    const bad = await jsonRequest(host, "PATCH", path, cookie, { name: "x", version: "yesterday" });
    assert.equal(bad.status, 400);
    assert.ok(bad.json().error.fields.version, bad.body);
    const onlyVersion = await jsonRequest(host, "PATCH", path, cookie, { version: mine.json().updatedAt });
    assert.deepEqual(onlyVersion.json().error?.fields?._, ["Change at least one field."]);
  });
}
