// The dashboard's figures, counted under row-level security for one tenant: "changes today"
// starts at midnight UTC, and nothing of another tenant is ever counted.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { dashboardStats, startOfDayUtc } from "@/lib/dashboard/stats";
import { testDatabase, type TestDatabase } from "../support/db";
import { appUrl, asTenant, createTenants, uniqueSlug } from "../support/env";

let tenants: Awaited<ReturnType<typeof createTenants>>;
let db: TestDatabase;

before(async () => {
  tenants = await createTenants([uniqueSlug("stats-a"), uniqueSlug("stats-b")]);
  db = testDatabase(await appUrl(), 2);
});

after(async () => {
  await db.end();
  await tenants.cleanup();
});

test("startOfDayUtc is midnight UTC of the same UTC day", () => {
  assert.equal(startOfDayUtc(new Date("2026-03-09T23:59:59.999Z")).toISOString(), "2026-03-09T00:00:00.000Z");
  assert.equal(startOfDayUtc(new Date("2026-03-10T00:00:00.000Z")).toISOString(), "2026-03-10T00:00:00.000Z");
});

test("headcount, projects by status, unassigned and changes today (sign-ins are no change), for this tenant only", async () => {
  const [a, b] = tenants.ids;
  const sql = tenants.admin;
  await asTenant(sql, a, async () => {
    const { rows } = await sql.query("INSERT INTO projects (name, status) VALUES ('One', 'active'), ('Two', 'active'), ('Three', 'archived') RETURNING id");
    await sql.query("INSERT INTO employees (name, email, title, department, project_id) VALUES ('A', 'a@x.test', '', '', $1), ('B', 'b@x.test', '', '', NULL), ('C', 'c@x.test', '', '', NULL)", [rows[0].id]);
    await sql.query(`INSERT INTO events (type, payload, created_at) VALUES
      ('employee.created', '{}', '2026-05-01T23:59:59.999Z'), ('employee.created', '{}', '2026-05-02T00:00:00Z'), ('employee.updated', '{}', '2026-05-02T11:00:00Z'),
      ('auth.signed_in', '{}', '2026-05-02T09:00:00Z'), ('auth.sign_in_failed', '{}', '2026-05-02T09:01:00Z')`); // sign-ins change nothing
  });
  await asTenant(sql, b, async () => {
    await sql.query("INSERT INTO employees (name, email, title, department) VALUES ('Z', 'z@x.test', '', '')");
    await sql.query("INSERT INTO events (type, payload, created_at) VALUES ('employee.created', '{}', '2026-05-02T10:00:00Z')");
  });
  const stats = await dashboardStats(db.client(a), new Date("2026-05-02T12:00:00Z"));
  assert.deepEqual(stats, { headcount: 3, unassigned: 2, projects: { active: 2, archived: 1 }, changesToday: 2 });
});
