import { requireTenant } from "./context";
import { accessTenant, type Caller } from "./membership";
import type { TenantDb } from "./scoped-client";
import type { Tenant } from "./tenant";

/**
 * The scoped entry point for server components and server actions: a database client bound to the
 * request's tenant, once the signed-in user's membership in it is verified (the same checks
 * `withTenant` makes for route handlers).
 */
export async function inTenant<T>(fn: (db: TenantDb, ctx: { tenant: Tenant } & Caller) => Promise<T>): Promise<T> {
  const tenant = await requireTenant();
  const { db, caller } = await accessTenant(tenant);
  return fn(db, { tenant, ...caller });
}
