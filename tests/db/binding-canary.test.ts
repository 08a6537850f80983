// The pipelined binding (lib/tenancy/db/tenant-bound-query.ts) subclasses pg's undocumented Query
// and wraps Prisma's adapter. This canary fails loudly, with a pointer to TENANTRY_BINDING=
// transaction, if a pg or Prisma upgrade changes what it relies on: the hooks it overrides, the
// shape of the adapter, and what comes back over the wire.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindTenant } from "@/lib/tenancy/db/tenant-context";
import { TenantBindingPool } from "@/lib/tenancy/db/tenant-binding-pool";
import { assertPipelinedBindingSupported } from "@/lib/tenancy/db/tenant-bound-query";
import { appUrl, asTenant, createTenants, uniqueSlug } from "../support/env";

let tenants: Awaited<ReturnType<typeof createTenants>>;
let pool: TenantBindingPool;
const ADVICE = "the pipelined binding no longer fits this pg/Prisma: set TENANTRY_BINDING=transaction and fix tenant-bound-query.ts";

before(async () => {
  tenants = await createTenants([uniqueSlug("canary")]);
  await asTenant(tenants.admin, tenants.ids[0], () =>
    tenants.admin.query("INSERT INTO employees (name, email, title, department) VALUES ('Ada', 'ada@canary.test', 'T', 'D'), ('Ben', 'ben@canary.test', 'T', 'D')"),
  );
  // One connection, so every statement runs on the same backend.
  pool = new TenantBindingPool({ connectionString: await appUrl(), max: 1 }, { strict: true, binding: "pipelined" });
});

after(async () => {
  await pool.end();
  await tenants.cleanup();
});

test("pg's Query still has the hooks the binding overrides", () => {
  assert.doesNotThrow(() => assertPipelinedBindingSupported(), ADVICE);
});

test("Prisma's adapter still connects to an object whose transactions the binding can wrap", async () => {
  const adapter = await new PrismaPg(pool as unknown as pg.Pool).connect();
  try {
    assert.equal(typeof adapter.startTransaction, "function", ADVICE);
    assert.equal(typeof adapter.queryRaw, "function", ADVICE);
  } finally {
    await adapter.dispose();
  }
});

test("a bound statement answers with its own rows and fields, as Prisma asks for them", async () => {
  const result = await bindTenant(tenants.ids[0], () =>
    pool.query({ text: "SELECT name, current_setting('app.tenant_id') AS bound FROM employees ORDER BY name", rowMode: "array" } as pg.QueryConfig),
  );
  assert.equal(result.command, "SELECT", ADVICE);
  assert.deepEqual(result.fields.map((f) => f.name), ["name", "bound"], ADVICE);
  assert.deepEqual(result.rows, [["Ada", tenants.ids[0]], ["Ben", tenants.ids[0]]], ADVICE);
  assert.equal(result.rowCount, 2, ADVICE);
});

test("a failing bound statement rejects with Postgres's error and leaves a clean connection", async () => {
  await assert.rejects(
    bindTenant(tenants.ids[0], () => pool.query({ text: "SELECT 1 / 0" } as pg.QueryConfig)),
    (error: unknown) => error instanceof pg.DatabaseError && error.code === "22012",
  );
  const client = await pool.connect();
  try {
    const { rows } = await client.query("SELECT current_setting('app.tenant_id', true) AS t, (SELECT count(*)::int FROM employees) AS n");
    assert.ok(["", null].includes(rows[0].t), ADVICE);
    assert.equal(rows[0].n, 0, ADVICE);
  } finally {
    client.release();
  }
});

test("a write's row count comes from the statement, not from the binding", async () => {
  const result = await bindTenant(tenants.ids[0], () => pool.query({ text: "UPDATE employees SET title = 'Lead' WHERE name = 'Ada'" } as pg.QueryConfig));
  assert.equal(result.command, "UPDATE", ADVICE);
  assert.equal(result.rowCount, 1, ADVICE);
});
