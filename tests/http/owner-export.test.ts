// An owner downloads the workspace's export from Settings: the operators' format (header, every
// row of the tenant's tables, a manifest whose counts and sha256 match), read by the app's role
// bound to the tenant (nothing of another tenant), without password hashes, recorded in the audit
// log, refused to members and invisible to other tenants and to nobody; and restorable.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { gunzipSync } from "node:zlib";
import { hashPassword } from "@/lib/auth/password";
import { asTenant, createTenants, uniqueSlug } from "../support/env";
import { request } from "../support/http";
import { sessionCookie } from "../support/session";
import { tenantry } from "../support/tenantry-cli";

const PASSWORD = "export-password";
let tenants: Awaited<ReturnType<typeof createTenants>>;
let slugs: string[];
const emails = { owner: "", member: "", other: "" };
let dir: string;

const download = async (host: string, cookie?: string) => request(host, "/api/workspace/export", { headers: cookie ? { cookie } : {} });

before(async () => {
  slugs = [uniqueSlug("export-a"), uniqueSlug("export-b")];
  tenants = await createTenants(slugs);
  dir = await mkdtemp(path.join(tmpdir(), "tenantry-owner-export-"));
  for (const who of ["owner", "member", "other"] as const) emails[who] = `${who}-${slugs[0]}@export.test`;
  const hash = await hashPassword(PASSWORD);
  const users = await tenants.admin.query<{ id: string }>(
    "INSERT INTO users (email, name, password_hash) VALUES ($1, 'Olga Owner', $4), ($2, 'Moe Member', $4), ($3, 'Otto Other', $4) RETURNING id",
    [emails.owner, emails.member, emails.other, hash],
  );
  const [owner, member, other] = users.rows.map((r) => r.id);
  await asTenant(tenants.admin, tenants.ids[0], async () => {
    await tenants.admin.query("INSERT INTO memberships (user_id, role) VALUES ($1, 'owner'), ($2, 'member')", [owner, member]);
    const project = await tenants.admin.query<{ id: string }>("INSERT INTO projects (name) VALUES ('Exported') RETURNING id");
    await tenants.admin.query("INSERT INTO employees (name, email, title, department, project_id) VALUES ('Eve Export', 'eve@a.test', 'Engineer', 'R&D', $1)", [project.rows[0].id]);
  });
  await asTenant(tenants.admin, tenants.ids[1], async () => {
    await tenants.admin.query("INSERT INTO memberships (user_id, role) VALUES ($1, 'owner')", [other]);
    await tenants.admin.query("INSERT INTO employees (name, email, title, department) VALUES ('Bea Secret', 'bea@b.test', '', '')");
  });
});

after(async () => {
  await tenants.admin.query("DELETE FROM directory.tombstones WHERE slug = ANY($1)", [slugs]);
  await tenants.admin.query("DELETE FROM users WHERE email = ANY($1)", [Object.values(emails)]);
  await tenants.cleanup();
  await rm(dir, { recursive: true, force: true });
});

test("the owner's download: the whole workspace and nothing else, no password hashes, a manifest that matches, recorded", async () => {
  const host = `${slugs[0]}.localhost`;
  const res = await request(host, "/api/workspace/export", { headers: { cookie: await sessionCookie(host, emails.owner, PASSWORD) }, binary: true });
  assert.equal(res.status, 200);
  assert.equal(res.headers["content-type"], "application/gzip");
  assert.match(String(res.headers["content-disposition"]), new RegExp(`attachment; filename="${slugs[0]}-\\d{4}-\\d{2}-\\d{2}\\.jsonl\\.gz"`));
  assert.equal(res.headers["cache-control"], "private, no-store");
  const file = gunzipSync(res.raw!);
  await writeFile(path.join(dir, "a.jsonl.gz"), res.raw!);
  const lines = file.toString("utf8").trimEnd().split("\n");
  const header = JSON.parse(lines[0]);
  assert.equal(header.format, "tenantry-export");
  assert.equal(header.tenant.slug, slugs[0]);
  assert.match(header.schema, /^\d{14}_/);
  const rows = lines.slice(1, -1).map((l) => JSON.parse(l));
  const manifest = JSON.parse(lines.at(-1)!).manifest.tables;
  for (const [table, digest] of Object.entries(manifest) as [string, { rows: number; sha256: string }][]) {
    const own = lines.slice(1, -1).filter((l) => JSON.parse(l).t === table);
    assert.equal(own.length, digest.rows, table);
    assert.equal(createHash("sha256").update(own.map((l) => `${l}\n`).join("")).digest("hex"), digest.sha256, table);
  }
  for (const { t, r } of rows) if (t !== "users") assert.equal(r.tenant_id, tenants.ids[0], `${t} row of another tenant`);
  assert.deepEqual(rows.filter((x) => x.t === "employees").map((x) => x.r.name), ["Eve Export"]);
  assert.deepEqual(rows.filter((x) => x.t === "users").map((x) => x.r.email).sort(), [emails.member, emails.owner].sort());
  assert.ok(rows.filter((x) => x.t === "users").every((x) => !("password_hash" in x.r)), "no password hashes");
  assert.ok(!file.toString("utf8").includes("Bea Secret"));
  const recorded = await tenants.admin.query("SELECT actor_name FROM events WHERE tenant_id = $1 AND type = 'tenant.exported'", [tenants.ids[0]]);
  assert.deepEqual(recorded.rows, [{ actor_name: "Olga Owner" }]);
});

test("members are refused (403), another tenant's owner is told it does not exist (404), nobody must sign in (401), no tenant finds nothing (404)", async () => {
  const host = `${slugs[0]}.localhost`;
  const member = await download(host, await sessionCookie(host, emails.member, PASSWORD));
  assert.equal(member.status, 403);
  assert.equal(member.json().error.code, "forbidden");
  const stranger = await download(host, await sessionCookie(`${slugs[1]}.localhost`, emails.other, PASSWORD));
  assert.equal(stranger.status, 404);
  assert.equal((await download(host)).status, 401);
  // No tenant at all (the root domain): nothing to export.
  const rootless = await download("localhost", await sessionCookie(host, emails.owner, PASSWORD));
  assert.equal(rootless.status, 404);
  assert.equal(rootless.json().error.code, "tenant_not_found");
});

test("after the workspace is erased, the download restores it: the same rows, and its people sign in as before", async () => {
  await tenants.admin.query("UPDATE tenants SET status = 'inactive' WHERE id = $1", [tenants.ids[0]]);
  const erased = await tenantry(["tenants", "delete", slugs[0], "--no-export"]);
  assert.equal(erased.code, 0, erased.stderr);
  const restored = await tenantry(["tenants", "restore", path.join(dir, "a.jsonl.gz"), "--status", "active", "--json"]);
  assert.equal(restored.code, 0, restored.stderr);
  const { rows } = await tenants.admin.query(
    "SELECT e.name, p.name AS project FROM employees e LEFT JOIN projects p ON p.id = e.project_id WHERE e.tenant_id = $1",
    [tenants.ids[0]],
  );
  assert.deepEqual(rows, [{ name: "Eve Export", project: "Exported" }]);
  // The accounts were not erased with the workspace: their passwords are their own, untouched.
  const host = `${slugs[0]}.localhost`;
  const page = await request(host, "/", { headers: { cookie: await sessionCookie(host, emails.member, PASSWORD) } });
  assert.equal(page.status, 200);
  assert.match(page.body, /Eve Export/);
});
