import { TenancyError } from "@/lib/errors";
import type { Actor } from "@/lib/events/actor";
import { eventRow } from "@/lib/events/record-event";
import { controlPlane } from "@/lib/tenancy/db/control-plane-pool";
import { forgetTenants, insertEvent } from "./tenants";

/**
 * Renames the workspace, on the app's connection bound to it (the database renames the bound
 * tenant alone, and only while it is active), with its audit event, in one transaction. Every
 * app instance drops its directory cache at commit.
 */
export async function renameWorkspace(tenantId: string, name: string, actor: Actor): Promise<void> {
  await controlPlane().transaction(async (sql, bindTenant) => {
    await bindTenant(tenantId);
    const { rows } = await sql.query<{ old: string | null }>("SELECT directory.rename_own_tenant($1) AS old", [name]);
    const old = rows[0].old;
    if (old === null) throw new TenancyError("tenant_suspended", "This workspace is suspended: it can be read, not changed.");
    if (old !== name) await insertEvent(sql, eventRow("tenant.renamed", { from: old, to: name }, actor));
  });
  forgetTenants();
}
