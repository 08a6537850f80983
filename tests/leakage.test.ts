// Pooled connections are where tenant bindings leak: a setting that outlives its transaction,
// or a connection handed to the next request mid-flight. Hammer a two-connection pool with
// hundreds of interleaved requests for twenty tenants and look for a single foreign row.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { TenantDatabase } from "@/lib/tenancy/tenant-database";
import { appUrl, createTenants, uniqueSlug } from "./support/env";

const TENANTS = 20;
const REQUESTS = 600;
const EMPLOYEES_PER_TENANT = 5;

let tenants: Awaited<ReturnType<typeof createTenants>>;
let slugOf: Map<string, string>;

before(async () => {
  const slugs = Array.from({ length: TENANTS }, (_, i) => uniqueSlug(`leak${i}`));
  tenants = await createTenants(slugs);
  slugOf = new Map(tenants.ids.map((id, i) => [id, slugs[i]]));
  for (const [id, slug] of slugOf) {
    await tenants.admin.query("BEGIN");
    await tenants.admin.query("SELECT set_config('app.tenant_id', $1, true)", [id]);
    await tenants.admin.query(
      `INSERT INTO employees (name, email, title, department)
       SELECT 'P' || g, 'p' || g || '@' || $1 || '.test', 'T', 'D' FROM generate_series(1, $2) g`,
      [slug, EMPLOYEES_PER_TENANT],
    );
    await tenants.admin.query("COMMIT");
  }
});

after(() => tenants.cleanup());

class Rollback extends Error {}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test(`${REQUESTS} concurrent scoped requests over 2 pooled connections never see another tenant`, async () => {
  const db = new TenantDatabase(appUrl(), 2);
  let foreign = 0;
  let rolledBack = 0;
  let committed = 0;
  try {
    await Promise.all(
      Array.from({ length: REQUESTS }, async (_, i) => {
        const tenantId = tenants.ids[i % TENANTS];
        const domain = `@${slugOf.get(tenantId)}.test`;
        await sleep(Math.random() * 20);
        const kind = i % 3; // plain read, write-then-read, or a write that rolls back
        try {
          await db.run(tenantId, async (tx) => {
            if (kind > 0) {
              await tx.employee.create({ data: { name: "Temp", email: `tmp${i}${domain}`, title: "T", department: "D" } });
            }
            await sleep(Math.random() * 5);
            const rows = await tx.employee.findMany({ select: { email: true } });
            const setting = await tx.$queryRaw<{ t: string }[]>`SELECT current_setting('app.tenant_id') AS t`;
            assert.equal(setting[0].t, tenantId);
            foreign += rows.filter((r) => !r.email.endsWith(domain)).length;
            assert.ok(rows.length >= EMPLOYEES_PER_TENANT);
            if (kind === 2) throw new Rollback();
          });
          committed++;
        } catch (error) {
          if (!(error instanceof Rollback)) throw error;
          rolledBack++;
        }
      }),
    );
  } finally {
    await db.end();
  }
  assert.equal(foreign, 0, "rows of another tenant were seen");
  assert.equal(committed + rolledBack, REQUESTS);
  assert.equal(rolledBack, REQUESTS / 3);

  // Rolled-back writes left nothing; committed ones landed with their own tenant only.
  const { rows } = await tenants.admin.query<{ tenant_id: string; email: string }>(
    "SELECT tenant_id, email FROM employees WHERE tenant_id = ANY($1::uuid[]) AND name = 'Temp'",
    [tenants.ids],
  );
  assert.equal(rows.length, REQUESTS / 3);
  for (const r of rows) assert.ok(r.email.endsWith(`@${slugOf.get(r.tenant_id)}.test`), r.email);
});
