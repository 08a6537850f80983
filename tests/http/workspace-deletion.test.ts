// An owner deletes the workspace from its settings (typed confirmation): it closes at once for
// everyone (410), its erasure is due after the grace period, and an operator's
// `tenantry tenants delete --due` exports and erases exactly the workspaces that are due, with
// the erasure report proving no row remains.
import assert from "node:assert/strict";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { hashPassword } from "@/lib/auth/password";
import { callAction } from "../support/actions";
import { asTenant, createTenants, uniqueSlug } from "../support/env";
import { request } from "../support/http";
import { sessionCookie } from "../support/session";
import { tenantry } from "../support/tenantry-cli";

const PASSWORD = "deletion-password";
const ACTION = ["app/_actions/workspace-lifecycle.ts", "changeWorkspaceStatusAction"] as const;

let tenants: Awaited<ReturnType<typeof createTenants>>;
let slugs: string[];
let email: string;
let dir: string;

before(async () => {
  slugs = [uniqueSlug("deleted"), uniqueSlug("kept")];
  tenants = await createTenants(slugs);
  email = `owner-${slugs[0]}@deletion.test`;
  dir = await mkdtemp(path.join(tmpdir(), "tenantry-deletion-"));
  const user = await tenants.admin.query<{ id: string }>("INSERT INTO users (email, name, password_hash) VALUES ($1, 'Dee Owner', $2) RETURNING id", [email, await hashPassword(PASSWORD)]);
  for (const id of tenants.ids) {
    await asTenant(tenants.admin, id, async () => {
      await tenants.admin.query("INSERT INTO memberships (user_id, role) VALUES ($1, 'owner')", [user.rows[0].id]);
      await tenants.admin.query("INSERT INTO projects (name) VALUES ('Doomed'), ('Also doomed')");
    });
  }
});

after(async () => {
  await tenants.admin.query("DELETE FROM users WHERE email = $1", [email]);
  await tenants.admin.query("DELETE FROM directory.tombstones WHERE slug = ANY($1)", [slugs]);
  await tenants.cleanup();
  await rm(dir, { recursive: true, force: true });
});

test("an owner deletes the workspace: typed confirmation, closed at once, erasure due after the grace period, recorded", async () => {
  const host = `${slugs[0]}.localhost`;
  const cookie = await sessionCookie(host, email, PASSWORD);
  const unconfirmed = await callAction(host, "/settings", ...ACTION, { action: "delete", confirm: "nope" }, cookie);
  assert.deepEqual(unconfirmed.state?.fields, { confirm: [`Type ${slugs[0]} to confirm.`] });
  const deleted = await callAction(host, "/settings", ...ACTION, { action: "delete", confirm: slugs[0], reason: "we are winding down" }, cookie);
  assert.equal(deleted.state?.ok, true, JSON.stringify(deleted.state));
  const { rows } = await tenants.admin.query("SELECT status::text, round(extract(epoch FROM deletion_due_at - now()) / 86400) AS days FROM tenants WHERE id = $1", [tenants.ids[0]]);
  assert.deepEqual(rows[0], { status: "inactive", days: "30" });
  assert.match(deleted.state?.message ?? "", /closed, and its data will be erased on \d{4}-\d{2}-\d{2}/);
  assert.equal((await request(host, "/api/projects", { headers: { cookie } })).status, 410);
  const events = await tenants.admin.query("SELECT payload->>'reason' AS reason, actor_name FROM events WHERE tenant_id = $1 AND type = 'tenant.deletion_scheduled'", [tenants.ids[0]]);
  assert.deepEqual(events.rows, [{ reason: "we are winding down", actor_name: "Dee Owner" }]);
});

test("tenantry tenants delete --due erases only what is due: nothing before the grace period ends, then an export and a report of 0 remaining", async () => {
  const early = await tenantry(["tenants", "delete", "--due", "--export-dir", dir, "--json"]);
  assert.equal(early.code, 0, early.stderr);
  assert.ok(!JSON.parse(early.stdout).some((r: { tenantId: string }) => r.tenantId === tenants.ids[0]), "not due yet");
  // The grace period passes.
  await tenants.admin.query("UPDATE tenants SET deletion_due_at = now() - interval '1 minute' WHERE id = $1", [tenants.ids[0]]);
  const due = await tenantry(["tenants", "delete", "--due", "--export-dir", dir, "--as", "Cron", "--json"]);
  assert.equal(due.code, 0, due.stderr);
  const report = JSON.parse(due.stdout).find((r: { tenantId: string }) => r.tenantId === tenants.ids[0]);
  assert.equal(report.remaining, 0);
  assert.equal(report.removed.projects, 2);
  assert.ok(report.export.startsWith(dir));
  assert.ok((await readdir(dir)).some((f) => f.startsWith(`${slugs[0]}-`)));
  assert.equal((await tenants.admin.query("SELECT 1 FROM tenants WHERE id = $1", [tenants.ids[0]])).rowCount, 0);
  // The other workspace, open, is untouched.
  assert.equal((await tenants.admin.query("SELECT count(*)::int AS n FROM projects WHERE tenant_id = $1", [tenants.ids[1]])).rows[0].n, 2);
  const both = await tenantry(["tenants", "delete", slugs[1], "--due"]);
  assert.equal(both.code, 1);
  assert.match(both.stderr, /Name one workspace, or pass --due/);
});
