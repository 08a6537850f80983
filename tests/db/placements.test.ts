// Placements on two real servers (`npm test` starts a second embedded Postgres, registered as the
// server `second`): a tenant moves to a dedicated database and back while a client keeps writing
// through the app's own code, with nothing lost or doubled; a write through a stale placement is
// refused by the database; row-level security holds in a dedicated database too; the access
// indexes of a dedicated tenant stay in the control plane, and what the control plane records
// about it goes to its own log; a failed move leaves nothing behind;
// the fleet migration reports a broken database and keeps its tenant off the air until it is
// fixed; deleting a dedicated tenant exports it, then drops its database.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { after, before, test } from "node:test";
import pg from "pg";
import { recordTenantEvent } from "@/lib/directory/tenants";
import { createEmployee } from "@/lib/employees/employee-writes";
import { env } from "@/lib/env";
import { TenancyError } from "@/lib/errors";
import { eventRow } from "@/lib/events/record-event";
import { createApiKey } from "@/lib/tenancy/access/api-keys";
import { controlPlane } from "@/lib/tenancy/db/control-plane-pool";
import { DatabaseRegistry } from "@/lib/tenancy/db/database-registry";
import { readMigrations } from "../../scripts/migrate";
import { databaseNameFor } from "../../scripts/tenantry/placements/dedicated-database";
import { moveTenant } from "../../scripts/tenantry/placements/move";
import { SECOND_SERVER } from "../../scripts/tenantry/placements/servers";
import { asUser, resolvedTenant, TEST_OPERATOR } from "../support/db";
import { adminUrl, connect, createTenants, uniqueSlug } from "../support/env";
import { tenantry } from "../support/tenantry-cli";

const secondAdmin = () => process.env[SECOND_SERVER.adminUrlEnv]!;
const onDatabase = (url: string, name: string) => Object.assign(new URL(url), { pathname: `/${name}` }).toString();
const registry = new DatabaseRegistry({ url: env().DATABASE_URL!, poolSize: 4, binding: env().TENANTRY_BINDING, dedicated: { poolSize: 2, connections: 8 } });
const slugs = [uniqueSlug("mover"), uniqueSlug("stale"), uniqueSlug("broken")];
let tenants: Awaited<ReturnType<typeof createTenants>>;
let admin: pg.Client;

async function databaseExists(url: string, name: string): Promise<boolean> {
  const sql = await connect(url);
  try {
    return ((await sql.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount ?? 0) > 0;
  } finally {
    await sql.end();
  }
}

const employee = (label: string) => ({ name: label, email: `${label}@placements.test`, title: "Engineer", department: "Moves" });

before(async () => {
  tenants = await createTenants(slugs);
  admin = tenants.admin;
});

after(async () => {
  // Whatever a failed test left dedicated comes back first, so the tenants' rows can be deleted.
  for (const id of tenants.ids) {
    const t = await resolvedTenant(id);
    if (t.placement === "dedicated") await moveTenant(adminUrl(), t.slug, { placement: "shared" }).catch(() => {});
  }
  await tenants.cleanup();
  await registry.end();
  await controlPlane().end();
});

test("a tenant moves to a dedicated database on another server and back while a client writes: every acknowledged write is there exactly once", async () => {
  const [id] = tenants.ids;
  for (let i = 0; i < 20; i++) await createEmployee(registry.clientFor(await resolvedTenant(id)), employee(`before-${i}`), TEST_OPERATOR);

  // A client writing as fast as it can, through the app's code, re-resolving the tenant after a
  // refusal and retrying it, as the app's retry hint says.
  const acknowledged: string[] = [];
  let refused = 0;
  let stop = false;
  const writer = (async () => {
    let tenant = await resolvedTenant(id);
    for (let i = 0; !stop; ) {
      try {
        await createEmployee(registry.clientFor(tenant), employee(`during-${i}`), TEST_OPERATOR);
        acknowledged.push(`during-${i}`);
        i++;
      } catch (error) {
        assert.ok(error instanceof TenancyError && error.code === "tenant_moving", `unexpected ${(error as Error).message}`);
        assert.equal(error.status, 503);
        assert.equal(error.retryAfter, 1);
        refused++;
        await new Promise((r) => setTimeout(r, 20));
        tenant = await resolvedTenant(id);
      }
    }
  })();

  await new Promise((r) => setTimeout(r, 300));
  const lines: string[] = [];
  const there = await moveTenant(adminUrl(), slugs[0], { placement: "dedicated", server: "second" }, (line) => lines.push(line));
  assert.equal(there.to, "dedicated:second");
  const dedicated = await resolvedTenant(id);
  assert.equal(dedicated.placement, "dedicated");
  assert.deepEqual(dedicated.database, { server: "second", name: databaseNameFor(id), appUrlEnv: SECOND_SERVER.appUrlEnv });
  assert.equal(dedicated.placementEpoch, 2);
  // Nothing of it is left in the shared database; its rows are on the second server.
  assert.equal((await admin.query("SELECT count(*)::int AS n FROM employees WHERE tenant_id = $1", [id])).rows[0].n, 0);
  await new Promise((r) => setTimeout(r, 300));
  const back = await moveTenant(adminUrl(), slugs[0], { placement: "shared" }, (line) => lines.push(line));
  assert.equal(back.epoch, 3);
  await new Promise((r) => setTimeout(r, 300));
  stop = true;
  await writer;

  assert.ok(acknowledged.length > 10, `the writer got ${acknowledged.length} writes through`);
  assert.ok(refused > 0, "the writer met the cut-over at least once");
  // Writes made while the rows were being copied reached the target through the catch-up rounds.
  const caughtUp = lines.map((l) => Number(/(\d+) changed rows/.exec(l)?.[1] ?? 0)).reduce((a, b) => a + b, 0);
  assert.ok(caughtUp > 0, `the catch-up applied rows written during the copy:\n${lines.join("\n")}`);
  const { rows } = await admin.query<{ name: string; n: number }>("SELECT name, count(*)::int AS n FROM employees WHERE tenant_id = $1 GROUP BY name", [id]);
  const stored = new Map(rows.map((r) => [r.name, r.n]));
  for (const name of [...Array.from({ length: 20 }, (_, i) => `before-${i}`), ...acknowledged]) assert.equal(stored.get(name), 1, `${name} is stored once`);
  assert.equal(stored.size, 20 + acknowledged.length, "nothing unacknowledged was stored");
  // One event per write, in the order written: ids only grow across both moves.
  const events = await admin.query<{ id: string; name: string }>("SELECT id, payload->>'name' AS name FROM events WHERE tenant_id = $1 AND type = 'employee.created' ORDER BY id", [id]);
  assert.deepEqual(events.rows.map((e) => e.name), [...Array.from({ length: 20 }, (_, i) => `before-${i}`), ...acknowledged]);
  assert.equal(await databaseExists(secondAdmin(), databaseNameFor(id)), false, "the dedicated database is dropped after the move back");
});

test("a write through an instance that still resolves the old placement is refused by the database, not written to the old place", async () => {
  const id = tenants.ids[1];
  const stale = await resolvedTenant(id);
  await moveTenant(adminUrl(), slugs[1], { placement: "dedicated", server: "second" });
  await assert.rejects(createEmployee(registry.clientFor(stale), employee("stale-write"), TEST_OPERATOR), (e: unknown) => e instanceof TenancyError && e.code === "tenant_moving");
  assert.equal((await admin.query("SELECT count(*)::int AS n FROM employees WHERE tenant_id = $1", [id])).rows[0].n, 0, "nothing written to the shared database");
  // Reads through the stale placement see nothing of it (its rows are not there), never another tenant's.
  assert.equal((await registry.clientFor(stale).employee.findMany()).length, 0);
  await createEmployee(registry.clientFor(await resolvedTenant(id)), employee("fresh-write"), TEST_OPERATOR);

  // Back in the shared database, the stale epoch is refused there too.
  await moveTenant(adminUrl(), slugs[1], { placement: "shared" });
  await assert.rejects(createEmployee(registry.clientFor(stale), employee("stale-again"), TEST_OPERATOR), (e: unknown) => e instanceof TenancyError && e.code === "tenant_moving");
  const names = (await admin.query<{ name: string }>("SELECT name FROM employees WHERE tenant_id = $1", [id])).rows.map((r) => r.name);
  assert.deepEqual(names, ["fresh-write"]);
});

test("row-level security stays on in a dedicated database: a request mis-routed there for another tenant sees none of its rows and writes nothing", async () => {
  const [owner, stranger] = [tenants.ids[1], tenants.ids[2]];
  await createEmployee(registry.clientFor(await resolvedTenant(owner)), employee("owned-row"), TEST_OPERATOR);
  await moveTenant(adminUrl(), slugs[1], { placement: "dedicated", server: "second" });
  try {
    const there = await resolvedTenant(owner);
    // The stranger's binding (its id and epoch), sent to the owner's database.
    const misrouted = registry.clientFor({ ...there, id: stranger, placementEpoch: (await resolvedTenant(stranger)).placementEpoch });
    assert.equal(await misrouted.employee.count(), 0);
    assert.equal(await misrouted.event.count(), 0);
    assert.equal(await misrouted.membership.count(), 0);
    assert.ok((await registry.clientFor(there).employee.count()) >= 1, "the owner's rows are there");
    await assert.rejects(createEmployee(misrouted, employee("misrouted-write"), TEST_OPERATOR), (e: unknown) => e instanceof TenancyError && e.status === 503);
    const dedicated = await connect(onDatabase(secondAdmin(), databaseNameFor(owner)));
    try {
      assert.equal((await dedicated.query("SELECT count(*)::int AS n FROM employees WHERE tenant_id <> $1", [owner])).rows[0].n, 0, "nothing of the stranger's was written");
    } finally {
      await dedicated.end();
    }
  } finally {
    await moveTenant(adminUrl(), slugs[1], { placement: "shared" });
    await admin.query("DELETE FROM employees WHERE tenant_id = $1 AND name = 'owned-row'", [owner]);
  }
});

test("what the control plane records about a dedicated tenant (a sign-in, a suspension, a plan) goes to its own log, its database's copy of the directory row follows, and it moves back with them", async () => {
  const id = tenants.ids[1];
  await moveTenant(adminUrl(), slugs[1], { placement: "dedicated", server: "second" });
  try {
    await recordTenantEvent(id, eventRow("auth.signed_in", { email: "someone@placements.test" }, { kind: "user", id: null, name: "Someone" }));
    const dedicated = await connect(onDatabase(secondAdmin(), databaseNameFor(id)));
    // The database's copy of the directory row, which its own guards read, follows each change.
    const copy = async () => (await dedicated.query("SELECT status::text, plan FROM tenants WHERE id = $1", [id])).rows[0];
    try {
      assert.equal((await tenantry(["tenants", "suspend", slugs[1], "--reason", "placements test"])).code, 0);
      assert.deepEqual(await copy(), { status: "suspended", plan: "enterprise" });
      assert.equal((await tenantry(["tenants", "resume", slugs[1]])).code, 0);
      assert.equal((await tenantry(["tenants", "plan", slugs[1], "pro"])).code, 0);
      assert.deepEqual(await copy(), { status: "active", plan: "pro" });
      const expected = ["auth.signed_in", "tenant.suspended", "tenant.resumed", "plan.changed"];
      const there = await dedicated.query<{ type: string }>("SELECT type FROM events WHERE tenant_id = $1 AND type = ANY($2) ORDER BY id", [id, expected]);
      assert.deepEqual(there.rows.map((r) => r.type), expected);
    } finally {
      await dedicated.end();
    }
    assert.equal((await admin.query("SELECT count(*)::int AS n FROM events WHERE tenant_id = $1", [id])).rows[0].n, 0, "nothing of it in the shared database");
  } finally {
    await moveTenant(adminUrl(), slugs[1], { placement: "shared" });
  }
  const back = await admin.query<{ type: string }>("SELECT type FROM events WHERE tenant_id = $1 AND type IN ('auth.signed_in', 'tenant.suspended', 'tenant.resumed', 'plan.changed') ORDER BY id", [id]);
  assert.deepEqual(back.rows.map((r) => r.type), ["auth.signed_in", "tenant.suspended", "tenant.resumed", "plan.changed"]);
  await admin.query("UPDATE tenants SET plan = 'enterprise' WHERE id = $1", [id]);
});

test("a dedicated tenant's members, keys and their accounts: the access indexes stay in the control plane, and its link writes no other tenant's", async () => {
  const id = tenants.ids[1];
  await moveTenant(adminUrl(), slugs[1], { placement: "dedicated", server: "second" });
  const tenant = await resolvedTenant(id);
  const email = `linked-${randomUUID().slice(0, 8)}@placements.test`;
  const user = (await admin.query<{ id: string }>("INSERT INTO users (email, name) VALUES ($1, 'Linked Person') RETURNING id", [email])).rows[0].id;
  try {
    await registry.clientFor(tenant).membership.create({ data: { userId: user, role: "admin" } });
    const workspaces = await admin.query("SELECT tenant_id, role FROM directory.workspaces_of($1)", [user]);
    assert.deepEqual(workspaces.rows, [{ tenant_id: id, role: "admin" }], "sign-in finds the dedicated workspace");
    const dedicated = await connect(onDatabase(secondAdmin(), databaseNameFor(id)));
    try {
      const copied = await dedicated.query("SELECT email, name, password_hash FROM users WHERE id = $1", [user]);
      assert.deepEqual(copied.rows, [{ email, name: "Linked Person", password_hash: null }], "the account is copied, without its password hash");
      // The link may write its own tenant's index rows only.
      await assert.rejects(dedicated.query("INSERT INTO directory_link.memberships VALUES ($1, $2, 'owner')", [tenants.ids[0], user]), /row-level security/);
    } finally {
      await dedicated.end();
    }

    const key = await createApiKey(registry.clientFor(tenant), { name: "dedicated key", role: "viewer" }, asUser(user));
    const indexed = await admin.query("SELECT tenant_id, revoked FROM directory.api_keys WHERE key_id = $1", [key.id]);
    assert.deepEqual(indexed.rows, [{ tenant_id: id, revoked: false }]);

    await registry.clientFor(tenant).membership.deleteMany({ where: { userId: user } });
    assert.equal((await admin.query("SELECT 1 FROM directory.memberships WHERE user_id = $1", [user])).rowCount, 0, "a removed member is gone from the index");
  } finally {
    await moveTenant(adminUrl(), slugs[1], { placement: "shared" });
    await admin.query("DELETE FROM users WHERE id = $1", [user]);
  }
  // The key came back with the tenant; the index still has it, once.
  assert.equal((await admin.query("SELECT count(*)::int AS n FROM directory.api_keys WHERE tenant_id = $1", [id])).rows[0].n, 1);
});

test("a move that fails after the copy leaves the tenant on its source, writable, with no target database left", async () => {
  const id = tenants.ids[0];
  const before = await resolvedTenant(id);
  await assert.rejects(moveTenant(adminUrl(), slugs[0], { placement: "dedicated", server: "second" }, () => {}, true), /failure injected/);
  const after = await resolvedTenant(id);
  assert.equal(after.placement, "shared");
  assert.equal(after.placementState, "active");
  assert.equal(after.placementEpoch, before.placementEpoch);
  assert.equal(await databaseExists(secondAdmin(), databaseNameFor(id)), false);
  assert.equal((await admin.query("SELECT count(*)::int AS n FROM directory.links WHERE tenant_id = $1", [id])).rows[0].n, 0, "no link role left");
  await createEmployee(registry.clientFor(after), employee("after-failed-move"), TEST_OPERATOR);
});

test("fleet migration: a dedicated database that fails is reported, the others are migrated, and its tenant gets 503 tenant_migrating until it is fixed", async () => {
  const [good, broken] = [tenants.ids[1], tenants.ids[2]];
  await moveTenant(adminUrl(), slugs[1], { placement: "dedicated", server: "second" });
  await moveTenant(adminUrl(), slugs[2], { placement: "dedicated", server: "primary" });
  const brokenUrl = onDatabase(adminUrl(), databaseNameFor(broken));
  const newest = (await readMigrations()).at(-1)!;
  const sql = await connect(brokenUrl);
  try {
    // Its record of the newest migration is lost: the database is behind, and applying it again fails.
    await sql.query("DELETE FROM _prisma_migrations WHERE migration_name = $1", [newest.name]);
    // Serving refuses it: it is behind the code.
    const fresh = new DatabaseRegistry({ url: env().DATABASE_URL!, poolSize: 1, binding: env().TENANTRY_BINDING });
    await assert.rejects(fresh.clientFor(await resolvedTenant(broken)).employee.count(), (e: unknown) => e instanceof TenancyError && e.code === "tenant_migrating" && e.status === 503);
    await fresh.end();

    const run = await tenantry(["migrate", "--json"]);
    assert.equal(run.code, 1, run.stderr);
    const results = JSON.parse(run.stdout) as { database: string; ok: boolean; error?: string }[];
    const ok = Object.fromEntries(results.map((r) => [r.database, r.ok]));
    assert.deepEqual([ok.shared, ok[`${slugs[1]}@second`], ok[`${slugs[2]}@primary`]], [true, true, false]);
    assert.match(results.find((r) => r.database === `${slugs[2]}@primary`)!.error!, new RegExp(newest.name));
    assert.equal((await resolvedTenant(broken)).placementState, "failed");
    assert.equal((await resolvedTenant(good)).placementState, "active");

    // Fixed (its record is back): the next run succeeds and the tenant is served again.
    await sql.query(`INSERT INTO _prisma_migrations (id, checksum, migration_name, finished_at, applied_steps_count) VALUES ($1, $2, $3, now(), 1)`, [randomUUID(), newest.checksum, newest.name]);
    const again = await tenantry(["migrate", "--json"]);
    assert.equal(again.code, 0, again.stdout + again.stderr);
    const healed = await resolvedTenant(broken);
    assert.equal(healed.placementState, "active");
    await createEmployee(registry.clientFor(healed), employee("after-fix"), TEST_OPERATOR);
  } finally {
    await sql.end();
    await moveTenant(adminUrl(), slugs[1], { placement: "shared" });
    await moveTenant(adminUrl(), slugs[2], { placement: "shared" });
  }
});

test("deleting a closed dedicated workspace exports it from its own database, then drops that database and its link before the erasure commits", async () => {
  const slug = uniqueSlug("deprovision");
  const own = await createTenants([slug]);
  const [id] = own.ids;
  const file = path.join(await mkdtemp(path.join(tmpdir(), "tenantry-deprovision-")), "export.jsonl.gz");
  try {
    for (let i = 0; i < 5; i++) await createEmployee(registry.clientFor(await resolvedTenant(id)), employee(`kept-${i}`), TEST_OPERATOR);
    await moveTenant(adminUrl(), slug, { placement: "dedicated", server: "second" });
    // After the move the directory entry changes; the export's header must be the directory's, not the copy's.
    await admin.query("UPDATE tenants SET name = 'Renamed After The Move' WHERE id = $1", [id]);
    assert.equal((await tenantry(["tenants", "close", slug, "--reason", "deprovision test"])).code, 0);

    const run = await tenantry(["tenants", "delete", slug, "--export-to", file, "--json"]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const report = JSON.parse(run.stdout);
    assert.deepEqual(report.database, { server: "second", name: databaseNameFor(id), dropped: true });
    assert.equal(report.remaining, 0);

    const lines = gunzipSync(await readFile(file)).toString("utf8").trim().split("\n").map((l) => JSON.parse(l));
    assert.equal(lines[0].tenant.name, "Renamed After The Move");
    assert.equal(lines[0].tenant.status, "inactive");
    assert.deepEqual(lines.filter((l) => l.t === "employees").map((l) => l.r.name).sort(), ["kept-0", "kept-1", "kept-2", "kept-3", "kept-4"]);

    assert.equal(await databaseExists(secondAdmin(), databaseNameFor(id)), false, "the dedicated database is gone");
    assert.equal((await admin.query("SELECT count(*)::int AS n FROM pg_roles WHERE rolname LIKE 'tenantry_link_second_' || $1", [databaseNameFor(id).slice(11, 23)])).rows[0].n, 0, "its link role is gone");
    assert.equal((await admin.query("SELECT count(*)::int AS n FROM tenants WHERE id = $1", [id])).rows[0].n, 0);
    assert.equal((await admin.query("SELECT count(*)::int AS n FROM directory.tombstones WHERE id = $1", [id])).rows[0].n, 1);
  } finally {
    const left = await resolvedTenant(id);
    if (left?.placement === "dedicated") await moveTenant(adminUrl(), slug, { placement: "shared" }).catch(() => {});
    await own.cleanup();
  }
});
