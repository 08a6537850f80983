import { requireTenant } from "./context";
import type { TenantDb } from "./scoped-client";
import type { Tenant } from "./tenant";
import { tenantDatabase } from "./tenant-database";

/**
 * A client bound to the request's tenant for someone who is not (yet) a member: used only to
 * look up and accept an invitation by its token. Row-level security still confines it to this
 * tenant; the callers read nothing but the invitation the token names.
 */
export async function inTenantAsInvitee<T>(fn: (db: TenantDb, tenant: Tenant) => Promise<T>): Promise<T> {
  const tenant = await requireTenant();
  return fn(tenantDatabase().client(tenant.id), tenant);
}
