import { requireTenant } from "./context";
import type { TenantDb } from "./scoped-client";
import type { Tenant } from "./tenant";
import { tenantDatabase } from "./tenant-database";

/**
 * The scoped entry point for server components and server actions: a database client bound to the
 * request's tenant, the same one `withTenant` gives route handlers.
 */
export async function inTenant<T>(fn: (db: TenantDb, tenant: Tenant) => Promise<T>): Promise<T> {
  const tenant = await requireTenant();
  return fn(tenantDatabase().client(tenant.id), tenant);
}
