// A workspace's complete data leaves and comes back exactly, through the operator CLI: export
// (one JSON-lines file with a manifest), close, delete with verified erasure (nothing left in any
// tenant_id column the catalog knows, a tombstone keeps the address), restore on the same
// database and on another, compared row by row and by the dashboard's figures. A tampered file
// and a file from another schema version are refused and leave nothing behind.
import assert from "node:assert/strict";
import { createHash, randomUUID } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { after, before, test } from "node:test";
import pg from "pg";
import { hashPassword } from "@/lib/auth/password";
import { dashboardStats } from "@/lib/dashboard/stats";
import { env } from "@/lib/env";
import { secretDigest } from "@/lib/secret-token";
import { ensureAppLogin, migrate } from "../../scripts/migrate";
import { testDatabase } from "../support/db";
import { adminUrl, asTenant, connect, tenantSnapshot, uniqueSlug } from "../support/env";
import { tenantry } from "../support/tenantry-cli";

const slug = uniqueSlug("portable");
const stamp = randomUUID().slice(0, 8);
const emails = [`olive-${stamp}@portable.test`, `max-${stamp}@portable.test`];
const dir = path.join(tmpdir(), `tenantry-export-${stamp}`);
const exported = path.join(dir, "export.jsonl.gz");
const scratch = `tenantry_restore_${stamp}`;
const onScratch = (url: string) => Object.assign(new URL(url), { pathname: `/${scratch}` }).toString();
let admin: pg.Client;
let tenantId: string;
let original: Awaited<ReturnType<typeof state>>;

/** The tenant's rows (every manifest table, hashed) and its dashboard figures, on one database. */
async function state(url: { admin: string; app: string }) {
  const sql = await connect(url.admin);
  const db = testDatabase(url.app, 1);
  try {
    const snapshot = await tenantSnapshot(sql, tenantId);
    const stats = await db.run(tenantId, (tx) => dashboardStats(tx, new Date("2026-12-03T12:00:00Z")));
    const directory = await sql.query("SELECT (SELECT count(*) FROM directory.memberships WHERE tenant_id = $1) AS members, (SELECT count(*) FROM directory.api_keys WHERE tenant_id = $1) AS keys, (SELECT count(*) FROM directory.domains WHERE tenant_id = $1) AS domains", [tenantId]);
    return { snapshot, stats, directory: directory.rows[0] };
  } finally {
    await db.end();
    await sql.end();
  }
}

const here = () => ({ admin: adminUrl(), app: env().DATABASE_URL! });

before(async () => {
  admin = await connect(adminUrl());
  const { rows } = await admin.query<{ id: string }>("INSERT INTO tenants (slug, name, plan) VALUES ($1, 'Portable Inc', 'pro') RETURNING id", [slug]);
  tenantId = rows[0].id;
  const hash = await hashPassword("portable-password");
  const users = await admin.query<{ id: string }>("INSERT INTO users (email, name, password_hash) VALUES ($1, 'Olive', $3), ($2, 'Max', $3) RETURNING id", [...emails, hash]);
  const [olive, max] = users.rows.map((r) => r.id);
  await asTenant(admin, tenantId, async () => {
    await admin.query("INSERT INTO memberships (user_id, role) VALUES ($1, 'owner'), ($2, 'member')", [olive, max]);
    const project = (await admin.query("INSERT INTO projects (name, status) VALUES ('Anvil', 'active'), ('Bellows', 'planned') RETURNING id")).rows[0].id;
    await admin.query(
      `INSERT INTO employees (name, email, title, department, project_id)
       SELECT 'Employee ' || i, 'e' || i || '@portable.test', 'Title ' || (i % 5), 'Dept ' || (i % 3), CASE WHEN i % 2 = 0 THEN $1::uuid END
       FROM generate_series(1, 250) AS i`,
      [project],
    );
    await admin.query("INSERT INTO api_keys (name, prefix, secret_hash, role, created_by) VALUES ('CI', 'tnt_portable', $1, 'viewer', $2)", [secretDigest(`key-${stamp}`), olive]);
    await admin.query("INSERT INTO invitations (email, role, token_hash, invited_by, expires_at) VALUES ('new@portable.test', 'viewer', $1, $2, now() + interval '7 days')", [secretDigest(`inv-${stamp}`), olive]);
    await admin.query("INSERT INTO domains (hostname, verified_at) VALUES ($1, now())", [`crm.${stamp}.portable.test`]);
    await admin.query(
      `INSERT INTO events (type, payload, subject_id, actor_kind, actor_id, actor_name, created_at)
       SELECT 'project.created', jsonb_build_object('id', $1::text, 'name', 'Anvil', 'status', 'active'), $1::uuid, 'user', $2, 'Olive', '2026-12-03T09:00:00Z'::timestamptz + i * interval '1 minute'
       FROM generate_series(1, 40) AS i`,
      [project, olive],
    );
  });
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  original = await state(here());
});

after(async () => {
  await admin.query("DELETE FROM tenants WHERE id = $1", [tenantId]);
  await admin.query("DELETE FROM directory.tombstones WHERE id = $1", [tenantId]);
  await admin.query("DELETE FROM users WHERE email = ANY($1)", [emails]);
  await admin.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
  await admin.end();
  await rm(dir, { recursive: true, force: true });
});

test("export: a header, every row as JSON lines, and a manifest whose counts and sha256 match the lines", async () => {
  const run = await tenantry(["tenants", "export", slug, "--out", exported, "--json"]);
  assert.equal(run.code, 0, run.stderr);
  const lines = gunzipSync(await readFile(exported)).toString("utf8").trimEnd().split("\n");
  const header = JSON.parse(lines[0]);
  assert.equal(header.format, "tenantry-export");
  assert.equal(header.version, 1);
  assert.match(header.schema, /^\d{14}_/);
  assert.equal(header.tenant.id, tenantId);
  const { manifest } = JSON.parse(lines.at(-1)!);
  const byTable = new Map<string, string[]>();
  for (const line of lines.slice(1, -1)) byTable.set(JSON.parse(line).t, [...(byTable.get(JSON.parse(line).t) ?? []), line]);
  assert.deepEqual(Object.fromEntries(Object.entries(manifest.tables).map(([t, d]) => [t, (d as { rows: number }).rows])), {
    users: 2, memberships: 2, projects: 2, employees: 250, api_keys: 1, invitations: 1, domains: 1, events: 40,
  });
  for (const [table, digest] of Object.entries(manifest.tables) as [string, { sha256: string }][]) {
    const hash = createHash("sha256");
    for (const line of byTable.get(table) ?? []) hash.update(`${line}\n`);
    assert.equal(hash.digest("hex"), digest.sha256, table);
  }
  assert.deepEqual(JSON.parse(run.stdout).tables, manifest.tables);
});

test("delete: refused while open; once closed, every row goes, the scan finds none in any tenant_id column, a tombstone keeps the address", async () => {
  const open = await tenantry(["tenants", "delete", slug, "--no-export"]);
  assert.equal(open.code, 1);
  assert.match(open.stderr, /Close .* first: only a closed workspace can be deleted/);
  assert.equal((await tenantry(["tenants", "close", slug])).code, 0);
  const run = await tenantry(["tenants", "delete", slug, "--export-to", path.join(dir, "before-delete.jsonl"), "--as", "Sam Support", "--json"]);
  assert.equal(run.code, 0, run.stderr);
  const report = JSON.parse(run.stdout);
  // 41 events: the closing was recorded too.
  assert.deepEqual(report.removed, { events: 41, domains: 1, invitations: 1, api_keys: 1, employees: 250, projects: 2, memberships: 2 });
  assert.equal(report.remaining, 0);
  // From the catalog: the manifest's tables and the control plane's indexes alike.
  const scanned = report.scanned.map((t: { table: string }) => t.table);
  for (const table of ["public.employees", "public.events", "directory.memberships", "directory.api_keys", "directory.domains", "directory.sign_in_tokens"]) assert.ok(scanned.includes(table), table);
  const tomb = await admin.query("SELECT slug, deleted_by FROM directory.tombstones WHERE id = $1", [tenantId]);
  assert.deepEqual(tomb.rows, [{ slug, deleted_by: "Sam Support" }]);
  const reuse = await tenantry(["tenants", "create", slug, "--name", "Squatter", "--owner-email", `squat-${stamp}@portable.test`, "--owner-name", "S"]);
  assert.equal(reuse.code, 1);
  assert.match(reuse.stderr, /belonged to a deleted workspace/);
  const direct = await admin.query("SELECT directory.slug_in_use($1) AS taken", [slug]);
  assert.equal(direct.rows[0].taken, true);
  await assert.rejects(admin.query("SELECT directory.create_tenant($1, 'Squatter')", [slug]), /belonged to a deleted workspace/);
});

test("a tampered file, a file from another schema version, or a truncated one is refused and leaves nothing", async () => {
  const lines = gunzipSync(await readFile(exported)).toString("utf8").trimEnd().split("\n");
  const tampered = path.join(dir, "tampered.jsonl");
  await writeFile(tampered, `${lines.map((l) => l.replace('"name":"Employee 7"', '"name":"Employee Seven"')).join("\n")}\n`);
  const t = await tenantry(["tenants", "restore", tampered]);
  assert.equal(t.code, 1);
  assert.match(t.stderr, /the employees rows do not match the manifest/);
  const old = path.join(dir, "old-schema.jsonl");
  const header = { ...JSON.parse(lines[0]), schema: "20261122000000_init" };
  await writeFile(old, `${[JSON.stringify(header), ...lines.slice(1)].join("\n")}\n`);
  const o = await tenantry(["tenants", "restore", old]);
  assert.equal(o.code, 1);
  assert.match(o.stderr, /was written from schema 20261122000000_init; this version of Tenantry has schema \d{14}_\w+/);
  const cut = path.join(dir, "truncated.jsonl");
  await writeFile(cut, `${lines.slice(0, -1).join("\n")}\n`);
  const c = await tenantry(["tenants", "restore", cut]);
  assert.equal(c.code, 1);
  assert.match(c.stderr, /ends without its manifest/);
  assert.equal((await admin.query("SELECT count(*)::int AS n FROM tenants WHERE id = $1", [tenantId])).rows[0].n, 0);
  assert.equal((await admin.query("SELECT count(*)::int AS n FROM employees WHERE tenant_id = $1", [tenantId])).rows[0].n, 0);
});

test("restore on the same database: identical rows, dashboard and directory indexes; the tombstone is lifted", async () => {
  const run = await tenantry(["tenants", "restore", exported, "--json"]);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(await state(here()), original);
  assert.equal((await admin.query("SELECT count(*)::int AS n FROM directory.tombstones WHERE id = $1", [tenantId])).rows[0].n, 0);
  const again = await tenantry(["tenants", "restore", exported]);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /already has this one's id or address/);
});

test("restore on another database: the same rows and dashboard there", async () => {
  await admin.query(`CREATE DATABASE ${scratch}`);
  await migrate(onScratch(adminUrl()), () => {});
  await ensureAppLogin(onScratch(adminUrl()), onScratch(env().DATABASE_URL!));
  const run = await tenantry(["tenants", "restore", exported], { DATABASE_ADMIN_URL: onScratch(adminUrl()), DATABASE_URL: onScratch(env().DATABASE_URL!) });
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(await state({ admin: onScratch(adminUrl()), app: onScratch(env().DATABASE_URL!) }), original);
});
