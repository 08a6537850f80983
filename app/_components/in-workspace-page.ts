import { forbidden, notFound, redirect } from "next/navigation";
import { inTenant, TenancyError, type Caller, type Tenant, type TenantDb } from "@/lib/tenancy";
import { tenantPath } from "@/lib/tenancy/context";

/**
 * `inTenant` for a page: a typed tenancy error becomes the page Next has for it (not found,
 * 403, sign-in) instead of the error page. Another tenant's id is simply not found.
 */
export async function inWorkspacePage<T>(fn: (db: TenantDb, ctx: { tenant: Tenant } & Caller) => Promise<T>): Promise<T> {
  try {
    return await inTenant(fn);
  } catch (error) {
    if (!(error instanceof TenancyError)) throw error;
    if (error.code === "unauthenticated") redirect(await tenantPath("/sign-in"));
    if (error.code === "forbidden") forbidden();
    if (error.code === "not_found" || error.code === "tenant_not_found") notFound();
    throw error;
  }
}
