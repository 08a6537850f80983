import pg from "pg";
import { TenancyError } from "@/lib/errors";
import { assertSeesEveryTenant } from "./export";
import { tablesWithTenantId } from "../tenant-id-tables";
import { EXPORT_TABLES } from "@/lib/portability/export-format";
import { dedicatedDatabaseOf, dropLinkRole, dropOnServer } from "../placements/dedicated-database";

export type ErasureReport = {
  tenantId: string;
  slug: string;
  /** Rows deleted, per table of the manifest. */
  removed: Record<string, number>;
  /** Every table with a tenant_id column in the catalog, and the tenant's rows left in it (all 0, or the erasure failed). */
  scanned: { table: string; remaining: number }[];
  remaining: number;
  /** A dedicated tenant's database, dropped whole before the erasure commits (deprovisioning). */
  database?: { server: string; name: string; dropped: boolean };
};

/**
 * Deletes a closed workspace for good, in one transaction: every row of it in every table of the
 * manifest, then its directory entry (the control plane's rows go with it), leaving a tombstone.
 * Before committing it proves the result: every table of the catalog that has a tenant_id column,
 * listed from the catalog and not from the manifest (so a table the manifest forgot is caught),
 * is counted for the tenant's rows; if any remain, the whole erasure is rolled back and reported.
 * A dedicated tenant's rows go with its database: it is dropped (and seen gone from its server)
 * before the commit, so a failed drop leaves the tenant as it was, and a retry finishes the job.
 */
export async function eraseTenant(adminUrl: string, slug: string, deletedBy: string): Promise<ErasureReport> {
  const sql = new pg.Client({ connectionString: adminUrl });
  await sql.connect();
  try {
    await assertSeesEveryTenant(sql);
    await sql.query("BEGIN");
    const { rows } = await sql.query<{ id: string; name: string; status: string }>("SELECT id, name, status::text FROM tenants WHERE slug = $1 FOR UPDATE", [slug]);
    if (!rows[0]) throw new TenancyError("tenant_not_found", `No workspace is called ${slug}.`);
    const { id: tenantId, name, status } = rows[0];
    if (status !== "inactive") throw new TenancyError("invalid_transition", `Close ${slug} first: only a closed workspace can be deleted (it is ${status}).`);
    const dedicated = await dedicatedDatabaseOf(sql, tenantId);
    const removed: Record<string, number> = {};
    // Children before parents; accounts (users) are not the tenant's to delete.
    for (const { table } of [...EXPORT_TABLES].reverse()) {
      if (table === "users") continue;
      removed[table] = (await sql.query(`DELETE FROM ${table} WHERE tenant_id = $1`, [tenantId])).rowCount ?? 0;
    }
    await sql.query("DELETE FROM tenants WHERE id = $1", [tenantId]);
    await sql.query("INSERT INTO directory.tombstones (id, slug, name, deleted_by) VALUES ($1, $2, $3, $4)", [tenantId, slug, name, deletedBy]);
    await sql.query("SELECT pg_notify('tenantry_directory', $1)", [tenantId]);

    // The proof, inside the transaction: if any row is left, nothing is committed.
    const scanned = [];
    for (const { qualified } of await tablesWithTenantId(sql, { controlPlane: true })) {
      const count = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${qualified} WHERE tenant_id = $1`, [tenantId]);
      scanned.push({ table: qualified, remaining: count.rows[0].n });
    }
    const remaining = scanned.reduce((sum, t) => sum + t.remaining, 0);
    if (remaining > 0) {
      await sql.query("ROLLBACK");
      return { tenantId, slug, removed, scanned, remaining };
    }
    let database: ErasureReport["database"];
    if (dedicated) {
      const dropped = await dropOnServer(dedicated.host, dedicated.name);
      database = { server: dedicated.server, name: dedicated.name, dropped };
      if (!dropped) {
        await sql.query("ROLLBACK");
        return { tenantId, slug, removed, scanned, remaining, database };
      }
      await dropLinkRole(sql, dedicated.server, dedicated.name);
    }
    await sql.query("COMMIT");
    return { tenantId, slug, removed, scanned, remaining, database };
  } catch (error) {
    await sql.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await sql.end();
  }
}
