// Break-glass support access through the operator CLI: a grant makes a NOLOGIN role only the
// operators' connection can assume (the app cannot), confined to one tenant by the database,
// read-only unless --write, audited when granted, used and revoked, shown to the tenant's admins
// as a banner, and ended by itself at expiry.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import pg from "pg";
import { hashPassword } from "@/lib/auth/password";
import { adminUrl, appUrl, asTenant, connect, createTenants, uniqueSlug } from "../support/env";
import { request } from "../support/http";
import { sessionCookie } from "../support/session";
import { tenantry } from "../support/tenantry-cli";

const PASSWORD = "support-password";
const stamp = randomUUID().slice(0, 8);
const emails = { admin: `admin-${stamp}@support.test`, member: `member-${stamp}@support.test` };

let tenants: Awaited<ReturnType<typeof createTenants>>;
let slugs: { a: string; b: string };
let ids: { a: string; b: string };

const run = async (statement: string, slug = slugs.a) => tenantry(["support", "run", slug, statement, "--as", "Sam Support", "--json"]);
const events = async (type: string) =>
  (await tenants.admin.query("SELECT payload, actor_kind, actor_name FROM events WHERE tenant_id = $1 AND type = $2 ORDER BY id", [ids.a, type])).rows;
const banner = async (who: "admin" | "member") => {
  const page = await request(`${slugs.a}.localhost`, "/settings", { headers: { cookie: await sessionCookie(`${slugs.a}.localhost`, emails[who], PASSWORD) } });
  assert.equal(page.status, 200);
  return page.body.includes('data-testid="support-banner"');
};

before(async () => {
  slugs = { a: uniqueSlug("support-a"), b: uniqueSlug("support-b") };
  tenants = await createTenants([slugs.a, slugs.b]);
  ids = { a: tenants.ids[0], b: tenants.ids[1] };
  const hash = await hashPassword(PASSWORD);
  const users = await tenants.admin.query<{ id: string }>("INSERT INTO users (email, name, password_hash) VALUES ($1, 'Ada Admin', $3), ($2, 'Mel Member', $3) RETURNING id", [emails.admin, emails.member, hash]);
  await asTenant(tenants.admin, ids.a, async () => {
    await tenants.admin.query("INSERT INTO memberships (user_id, role) VALUES ($1, 'admin'), ($2, 'member')", [users.rows[0].id, users.rows[1].id]);
    await tenants.admin.query("INSERT INTO employees (name, email, title, department) VALUES ('Ann A', 'ann@a.test', 'Engineer', '')");
  });
  await asTenant(tenants.admin, ids.b, () => tenants.admin.query("INSERT INTO employees (name, email, title, department) VALUES ('Bob B', 'bob@b.test', 'Engineer', '')"));
});

after(async () => {
  await tenantry(["support", "revoke", slugs.a]);
  await tenants.admin.query("DELETE FROM users WHERE email = ANY($1)", [Object.values(emails)]);
  await tenants.cleanup();
});

test("without a grant there is no access, and no banner", async () => {
  const refused = await run("SELECT name FROM employees");
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /No active support grant/);
  assert.equal(await banner("admin"), false);
});

test("a read-only grant: a NOLOGIN role the app cannot assume, reading one tenant only, audited, with a banner for admins", async () => {
  const granted = await tenantry(["support", "grant", slugs.a, "--reason", "ticket 42", "--minutes", "30", "--as", "Sam Support", "--json"]);
  assert.equal(granted.code, 0, granted.stderr);
  const grant = JSON.parse(granted.stdout);
  assert.equal(grant.state, "active");
  const role = await tenants.admin.query("SELECT rolcanlogin, rolbypassrls, rolsuper FROM pg_roles WHERE rolname = $1", [grant.role]);
  assert.deepEqual(role.rows, [{ rolcanlogin: false, rolbypassrls: false, rolsuper: false }]);
  // The app's login is no member of it: SET ROLE is refused.
  const app = await connect(await appUrl());
  try {
    await assert.rejects(app.query(`SET ROLE ${pg.escapeIdentifier(grant.role)}`), (e: pg.DatabaseError) => e.code === "42501");
  } finally {
    await app.end();
  }
  assert.deepEqual(await events("support.granted"), [{ payload: { reason: "ticket 42", write: false, expiresAt: grant.expiresAt }, actor_kind: "operator", actor_name: "Sam Support" }]);

  const read = await run("SELECT name FROM employees ORDER BY name");
  assert.equal(read.code, 0, read.stderr);
  assert.deepEqual(JSON.parse(read.stdout).rows, [{ name: "Ann A" }]);
  // Binding another tenant in the statement shows nothing of it: the grant's policy holds.
  const other = await run(`SELECT set_config('app.tenant_id', '${ids.b}', true) AS bound, (SELECT count(*)::int FROM employees) AS seen`);
  assert.equal(JSON.parse(other.stdout).rows[0].seen, 0);
  const write = await run("UPDATE employees SET title = 'Changed by support'");
  assert.equal(write.code, 1);
  assert.match(write.stderr, /permission denied/);
  // Every use is recorded, the refused one too.
  assert.equal((await events("support.used")).length, 3);
  assert.equal(await banner("admin"), true);
  assert.equal(await banner("member"), false);
});

test("a write grant changes the granted tenant only; revoking ends it at once, drops its role and is audited", async () => {
  await tenantry(["support", "revoke", slugs.a]);
  const granted = await tenantry(["support", "grant", slugs.a, "--reason", "fix a title", "--minutes", "5", "--write", "--as", "Sam Support", "--json"]);
  assert.equal(granted.code, 0, granted.stderr);
  const { role } = JSON.parse(granted.stdout);
  const update = await run("UPDATE employees SET title = 'Fixed by support'");
  assert.equal(update.code, 0, update.stderr);
  assert.deepEqual(JSON.parse(update.stdout).rowCount, 1);
  const intoB = await run(`INSERT INTO employees (tenant_id, name, email, title, department) VALUES ('${ids.b}', 'Planted', 'planted@b.test', '', '')`);
  assert.equal(intoB.code, 1);
  assert.match(intoB.stderr, /row-level security/);
  const b = await tenants.admin.query("SELECT name, title FROM employees WHERE tenant_id = $1", [ids.b]);
  assert.deepEqual(b.rows, [{ name: "Bob B", title: "Engineer" }]);

  const revoked = await tenantry(["support", "revoke", slugs.a, "--as", "Sam Support"]);
  assert.equal(revoked.code, 0, revoked.stderr);
  assert.equal((await tenants.admin.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role])).rowCount, 0);
  assert.equal((await run("SELECT 1")).code, 1);
  assert.equal((await events("support.revoked")).length >= 1, true);
  assert.equal(await banner("admin"), false);
});

test("a grant ends by itself at expiry, even for a session that already assumed its role", async () => {
  const granted = await tenantry(["support", "grant", slugs.a, "--reason", "expiry", "--minutes", "1", "--as", "Sam Support", "--json"]);
  const { role, id } = JSON.parse(granted.stdout);
  // An operator's session holding the role: it reads while the grant lasts, nothing after.
  const session = await connect(adminUrl());
  try {
    await session.query("BEGIN");
    await session.query("SELECT set_config('app.tenant_id', $1, true)", [ids.a]);
    await session.query(`SET LOCAL ROLE ${pg.escapeIdentifier(role)}`);
    assert.equal((await session.query("SELECT count(*)::int AS n FROM employees")).rows[0].n, 1);
    await tenants.admin.query("UPDATE directory.support_grants SET granted_at = now() - interval '2 minutes', expires_at = now() - interval '1 second' WHERE id = $1", [id]);
    await session.query("COMMIT");
    await session.query("BEGIN");
    await session.query("SELECT set_config('app.tenant_id', $1, true)", [ids.a]);
    await session.query(`SET LOCAL ROLE ${pg.escapeIdentifier(role)}`);
    assert.equal((await session.query("SELECT count(*)::int AS n FROM employees")).rows[0].n, 0);
    await session.query("ROLLBACK");
  } finally {
    await session.end();
  }
  const refused = await run("SELECT 1");
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /No active support grant/);
  assert.equal(await banner("admin"), false);
  const list = JSON.parse((await tenantry(["support", "list", "--all", "--json"])).stdout);
  assert.equal(list.find((g: { id: string }) => g.id === id).state, "expired");
});
