// Row-level security is the only thing standing between tenants here: no query below filters
// by tenant, and every one of them must still see or touch only its own tenant's rows. With
// TENANTRY_TEST_PLACEMENT=dedicated, tenant B lives in a dedicated database on the second server
// (where the same policies hold) and every test runs again across the two placements.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type pg from "pg";
import type { TenantTx } from "@/lib/tenancy";
import { env } from "@/lib/env";
import { controlPlane } from "@/lib/tenancy/db/control-plane-pool";
import type { TenantPlacement } from "@/lib/tenancy/db/database-registry";
import { createPrismaClient } from "@/lib/tenancy/db/prisma-client";
import { TENANT_TABLES } from "@/lib/tenancy/db/tenant-tables";
import { moveTenant } from "../../scripts/tenantry/placements/move";
import { resolvedTenant, testDatabase, type TestDatabase } from "../support/db";
import { adminUrl, appUrl, asTenant, connect, createTenants, uniqueSlug } from "../support/env";

let tenants: Awaited<ReturnType<typeof createTenants>>;
let A: string, B: string;
let db: TestDatabase;
const placed = new Map<string, TenantPlacement>();
const rowsOf: Record<string, { employee: string; project: string; event: string; user: string }> = {};

async function fill(admin: pg.Client, tenantId: string, tag: string) {
  await asTenant(admin, tenantId, async () => {
    const project = await admin.query("INSERT INTO projects (name) VALUES ($1) RETURNING id", [`${tag} project`]);
    const employee = await admin.query(
      "INSERT INTO employees (name, email, title, department, project_id) VALUES ($1, $2, 'Engineer', 'R&D', $3) RETURNING id",
      [`${tag} person`, `person@${tag}.test`, project.rows[0].id],
    );
    const event = await admin.query("INSERT INTO events (type, payload) VALUES ('employee.created', '{}') RETURNING id");
    const user = await admin.query("INSERT INTO users (email, name) VALUES ($1, $1) RETURNING id", [`owner@${tag}.test`]);
    await admin.query("INSERT INTO memberships (user_id, role) VALUES ($1, 'owner')", [user.rows[0].id]);
    rowsOf[tenantId] = { employee: employee.rows[0].id, project: project.rows[0].id, event: String(event.rows[0].id), user: user.rows[0].id };
  });
}

before(async () => {
  const slugs = [uniqueSlug("iso-a"), uniqueSlug("iso-b")];
  tenants = await createTenants(slugs);
  [A, B] = tenants.ids;
  await fill(tenants.admin, A, slugs[0]);
  await fill(tenants.admin, B, slugs[1]);
  if (env().TENANTRY_TEST_PLACEMENT === "dedicated") {
    await moveTenant(adminUrl(), slugs[1], { placement: "dedicated", server: "second" });
    placed.set(B, await resolvedTenant(B));
  }
  db = testDatabase((await appUrl()), 4, placed);
});

after(async () => {
  await db?.end();
  if (placed.size) {
    await moveTenant(adminUrl(), placed.get(B)!.slug!, { placement: "shared" });
    await controlPlane().end();
  }
  const users = Object.values(rowsOf).map((r) => r.user);
  await tenants.admin.query("DELETE FROM users WHERE id = ANY($1::uuid[])", [users]);
  await tenants.cleanup();
});

// Both entry points: the scoped client (one bound statement per call) and an interactive
// transaction bound at BEGIN.
type Runner = <T>(tenantId: string, fn: (tx: TenantTx) => Promise<T>) => Promise<T>;
const runners: [string, Runner][] = [
  ["scoped client", (tenantId, fn) => fn(db.client(tenantId))],
  ["interactive transaction", (tenantId, fn) => db.run(tenantId, fn)],
];

for (const [label, as] of runners) {
  describe(`scoped to tenant B (${label})`, () => {
    test("reads and counts see none of A's rows", async () => {
      await as(B, async (tx) => {
        const employees = await tx.employee.findMany();
        assert.deepEqual(employees.map((e) => e.id), [rowsOf[B].employee]);
        assert.equal(await tx.employee.findUnique({ where: { id: rowsOf[A].employee } }), null);
        assert.equal(await tx.project.findUnique({ where: { id: rowsOf[A].project } }), null);
        assert.equal(await tx.employee.findFirst({ where: { id: rowsOf[A].employee } }), null);
        assert.equal(await tx.employee.count(), 1);
        assert.equal(await tx.project.count(), 1);
        assert.equal(await tx.event.count(), 1);
        assert.equal(await tx.membership.count(), 1);
        assert.equal(await tx.event.findFirst({ where: { id: BigInt(rowsOf[A].event) } }), null);
        const raw = await tx.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM employees WHERE tenant_id = ${A}::uuid`;
        assert.equal(raw[0].n, 0n);
      });
    });

    test("updates and deletes of A's rows touch nothing", async () => {
      await as(B, async (tx) => {
        assert.equal((await tx.employee.updateMany({ where: { id: rowsOf[A].employee }, data: { name: "taken" } })).count, 0);
        assert.equal((await tx.employee.deleteMany({ where: { id: rowsOf[A].employee } })).count, 0);
        assert.equal((await tx.project.deleteMany({ where: { id: rowsOf[A].project } })).count, 0);
        assert.equal((await tx.membership.deleteMany({ where: { userId: rowsOf[A].user } })).count, 0);
        await assert.rejects(tx.employee.update({ where: { id: rowsOf[A].employee }, data: { name: "taken" } }), /not found|No record/i);
      });
      const { rows } = await tenants.admin.query("SELECT name, title FROM employees WHERE id = $1", [rowsOf[A].employee]);
      assert.equal(rows.length, 1);
      assert.notEqual(rows[0].name, "taken");
      assert.equal(rows[0].title, "Engineer");
    });

    test("inserting a row with A's tenant_id is rejected", async () => {
      await as(B, async (tx) => {
        await assert.rejects(
          tx.employee.create({ data: { tenantId: A, name: "Mole", email: "mole@x.test", title: "Spy", department: "X" } }),
          /row-level security/,
        );
      });
      await assert.rejects(as(B, (tx) => tx.event.create({ data: { tenantId: A, type: "employee.created", payload: {} } })), /row-level security/);
      await assert.rejects(as(B, (tx) => tx.project.create({ data: { tenantId: A, name: "Trojan" } })), /row-level security/);
    });

    test("moving B's row to A is rejected", async () => {
      await assert.rejects(
        as(B, (tx) => tx.employee.update({ where: { id: rowsOf[B].employee }, data: { tenantId: A } })),
        /row-level security|foreign key/i,
      );
    });

    test("B's employee cannot reference A's project", async () => {
      await assert.rejects(
        as(B, (tx) =>
          tx.employee.create({ data: { name: "Cross", email: "cross@b.test", title: "T", department: "D", projectId: rowsOf[A].project } }),
        ),
        /Foreign key constraint/i,
      );
    });
  });
}

  test("an unfiltered UPDATE reaches B's rows only", async () => {
    await db.run(B, async (tx) => {
      assert.equal(await tx.$executeRaw`UPDATE employees SET title = 'Changed'`, 1);
      throw new Rollback();
    }).catch(ignoreRollback);
    const { rows } = await tenants.admin.query("SELECT title FROM employees WHERE id = $1", [rowsOf[A].employee]);
    assert.equal(rows[0].title, "Engineer");
  });

test("lookups by two tenants in the same tick stay apart", async () => {
  // Prisma merges same-tick findUnique calls into one statement; each tenant must still get
  // exactly its own answer.
  for (const op of ["findUnique", "findUniqueOrThrow"] as const) {
    const lookups = [A, B].flatMap((asTenant) =>
      [A, B].map((owner) =>
        db.client(asTenant).employee[op]({ where: { id: rowsOf[owner].employee } }).then(
          (row) => row?.id ?? null,
          () => null,
        ),
      ),
    );
    const [aSeesA, aSeesB, bSeesA, bSeesB] = await Promise.all(lookups);
    assert.deepEqual([aSeesA, aSeesB, bSeesA, bSeesB], [rowsOf[A].employee, null, null, rowsOf[B].employee], op);
  }
});

test("a lookup by a compound unique key finds only the tenant's own row", async () => {
  // The compound key names the tenant; the binding, not the key, decides what is visible.
  const byKey = (asTenant: string, owner: string) =>
    db.client(asTenant).membership.findUnique({ where: { tenantId_userId: { tenantId: owner, userId: rowsOf[owner].user } } });
  const [own, foreign] = await Promise.all([byKey(B, B), byKey(B, A)]);
  assert.equal(own?.userId, rowsOf[B].user);
  assert.equal(foreign, null);
});

test("new rows take the tenant from the binding", async () => {
  const p = await db.client(B).project.create({ data: { name: "Defaulted" } });
  assert.equal(p.tenantId, B);
  await db.client(B).project.delete({ where: { id: p.id } });
});

test("a scoped client's $transaction is atomic and bound", async () => {
  await assert.rejects(
    db.client(B).$transaction(async (tx) => {
      await tx.project.create({ data: { name: "Half" } });
      throw new Error("boom");
    }),
    /boom/,
  );
  assert.equal(await db.client(B).project.count({ where: { name: "Half" } }), 0);
});

describe("the app's client is strict", () => {
  test("a statement or transaction with no tenant bound never reaches Postgres", async () => {
    const handle = createPrismaClient(await appUrl(), { poolSize: 1, strict: true });
    try {
      await assert.rejects(handle.prisma.employee.findMany(), /no tenant bound/);
      await assert.rejects(handle.prisma.$transaction(async (tx) => tx.employee.count()), /no tenant bound/);
      await assert.rejects(handle.prisma.$queryRaw`SELECT 1`, /no tenant bound/);
    } finally {
      await handle.end();
    }
  });
});

describe("with no tenant set", () => {
  let client: pg.Client;
  before(async () => (client = await connect(await appUrl())));
  after(() => client.end());

  test("nothing is readable", async () => {
    for (const table of ["employees", "projects", "events", "memberships"]) {
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM ${table}`);
      assert.equal(rows[0].n, 0, table);
    }
  });

  test("nothing is writable", async () => {
    await assert.rejects(client.query("INSERT INTO projects (name) VALUES ('orphan')"), /row-level security|null value in column "tenant_id"/);
    await assert.rejects(client.query("INSERT INTO projects (tenant_id, name) VALUES ($1, 'forged')", [A]), /row-level security/);
    assert.equal((await client.query("UPDATE employees SET name = 'x'")).rowCount, 0);
    assert.equal((await client.query("DELETE FROM employees")).rowCount, 0);
  });

  test("a finished tenant transaction leaves nothing behind on its connection", async () => {
    await client.query("BEGIN");
    await client.query("SELECT set_config('app.tenant_id', $1, true)", [A]);
    assert.equal((await client.query("SELECT count(*)::int AS n FROM employees")).rows[0].n, 1);
    await client.query("COMMIT");
    // The setting now reads '' rather than NULL (or NULL on a fresh server connection behind
    // PgBouncer): the policy must neither match nor raise.
    assert.ok(["", null].includes((await client.query("SELECT current_setting('app.tenant_id', true) AS v")).rows[0].v));
    assert.equal((await client.query("SELECT count(*)::int AS n FROM employees")).rows[0].n, 0);
  });

  test("a home-made bypass setting changes nothing", async () => {
    await client.query("SET app.bypass_rls = 'on'");
    assert.equal((await client.query("SELECT count(*)::int AS n FROM employees")).rows[0].n, 0);
    await client.query("RESET app.bypass_rls");
  });
});

describe("catalog", () => {
  let client: pg.Client;
  before(async () => (client = await connect(await appUrl())));
  after(() => client.end());

  test("every table with tenant_id has RLS enabled and forced, with one permissive policy, on the tenant setting, and one that confines support roles", async () => {
    type Policy = { qual: string; check: string; cmd: string; permissive: string; roles: string[] };
    const { rows } = await client.query<{ table: string; enabled: boolean; forced: boolean; policies: Policy[] }>(`
      SELECT c.relname AS table, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
             coalesce(json_agg(json_build_object('qual', p.qual, 'check', p.with_check, 'cmd', p.cmd, 'permissive', p.permissive, 'roles', p.roles))
                      FILTER (WHERE p.policyname IS NOT NULL), '[]') AS policies
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
      LEFT JOIN pg_policies p ON p.schemaname = 'public' AND p.tablename = c.relname
      WHERE c.relkind IN ('r', 'p')
      GROUP BY c.relname, c.relrowsecurity, c.relforcerowsecurity ORDER BY c.relname`);
    // The catalog's tenant tables are exactly the manifest's: a new one must be declared there.
    assert.deepEqual(rows.map((r) => r.table), [...TENANT_TABLES].sort());
    for (const r of rows) {
      assert.ok(r.enabled && r.forced, `${r.table}: RLS enabled and forced`);
      const permissive = r.policies.filter((p) => p.permissive === "PERMISSIVE");
      assert.equal(permissive.length, 1, `${r.table}: exactly one permissive policy`);
      const [p] = permissive;
      assert.equal(p.cmd, "ALL");
      assert.deepEqual(p.roles, ["public"]);
      for (const expr of [p.qual, p.check]) {
        // The tenant setting, evaluated once as a scalar sub-select, and nothing else.
        assert.equal(expr, "(tenant_id = ( SELECT current_tenant_id() AS current_tenant_id))", r.table);
      }
      // Restrictive policies only narrow what the permissive one lets through: this one keeps
      // break-glass support roles to their grant's tenant (tests/http/support-access.test.ts).
      const restrictive = r.policies.filter((q) => q.permissive === "RESTRICTIVE");
      assert.deepEqual(restrictive.map((q) => [q.cmd, q.roles, q.qual, q.check]), [
        ["ALL", ["tenantry_support"], ...Array(2).fill("(tenant_id = ( SELECT directory.support_grant_tenant((CURRENT_USER)::text) AS support_grant_tenant))")],
      ], r.table);
    }
  });

  test("current_tenant_id() reads app.tenant_id only and fails closed", async () => {
    const { rows } = await client.query("SELECT prosrc FROM pg_proc WHERE proname = 'current_tenant_id'");
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0].prosrc.match(/current_setting\('[^']+'/g), ["current_setting('app.tenant_id'"]);
    assert.equal((await client.query("SELECT current_tenant_id() AS t")).rows[0].t, null);
  });

  test("the app role is no superuser, has no BYPASSRLS and owns nothing", async () => {
    const { rows } = await client.query(`
      SELECT r.rolsuper, r.rolbypassrls,
             (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = 'public' AND pg_has_role(current_user, c.relowner, 'MEMBER')) AS owned,
             (SELECT count(*)::int FROM pg_roles b WHERE (b.rolbypassrls OR b.rolsuper)
               AND pg_has_role(current_user, b.oid, 'MEMBER')) AS bypass_memberships
      FROM pg_roles r WHERE r.rolname = current_user`);
    assert.deepEqual(rows[0], { rolsuper: false, rolbypassrls: false, owned: 0, bypass_memberships: 0 });
  });

  test("the app role cannot write the tenant directory, rewrite the event log or truncate", async () => {
    await assert.rejects(client.query("INSERT INTO tenants (slug, name) VALUES ('sneaky', 'Sneaky')"), /permission denied/);
    await assert.rejects(client.query("UPDATE tenants SET plan = 'enterprise'"), /permission denied/);
    await assert.rejects(client.query("UPDATE events SET type = 'x.y'"), /permission denied/);
    await assert.rejects(client.query("DELETE FROM events"), /permission denied/);
    await assert.rejects(client.query("TRUNCATE employees"), /permission denied/);
  });
});

describe("the admin role", () => {
  test("is a different role from the app role", async () => {
    const admin = await connect(adminUrl());
    const app = await connect(await appUrl());
    try {
      const [a, b] = await Promise.all([admin.query("SELECT current_user AS u"), app.query("SELECT current_user AS u")]);
      assert.notEqual(a.rows[0].u, b.rows[0].u);
    } finally {
      await Promise.all([admin.end(), app.end()]);
    }
  });
});

class Rollback extends Error {}
function ignoreRollback(error: unknown) {
  if (!(error instanceof Rollback)) throw error;
}
