import { bearerKey, callerFromApiKey } from "./api-keys";
import { RESOLVED_BY_HEADER, tenantFromHeaders } from "./context";
import { errorResponse, TenancyError } from "./errors";
import { accessTenant, currentRole, type Caller } from "./membership";
import { assertCan, isReadOnly, type Permission } from "./permissions";
import type { TenantDb } from "./scoped-client";
import { assertTenantOpen, assertTenantWritable, type Tenant } from "./tenant";
import { tenantDatabase } from "./tenant-database";

export type TenantHandlerContext<P> = { tenant: Tenant; db: TenantDb; request: Request; params: P } & Caller;

type RouteContext<P> = { params: Promise<P> };

/** The caller behind a JSON request: an API key if one is presented, else the session. */
async function caller(tenant: Tenant, request: Request): Promise<{ db: TenantDb; caller: Caller }> {
  const key = bearerKey(request.headers);
  if (key) return { db: tenantDatabase().client(tenant.id), caller: await callerFromApiKey(tenant.id, key) };
  // A tenant named only by the X-Tenant-ID header is honoured for API keys alone.
  if (request.headers.get(RESOLVED_BY_HEADER) === "header") {
    throw new TenancyError("unauthenticated", "X-Tenant-ID must come with an API key.");
  }
  return accessTenant(tenant);
}

/**
 * Whether the caller a long-lived response (an event stream) was opened for may still read the
 * tenant: the workspace is not closed, and the API key is not revoked or the membership not
 * removed. A failed check counts as no.
 */
export async function mayStillRead(tenant: Tenant, request: Request, userId: string): Promise<boolean> {
  try {
    const current = await tenantDatabase().findTenantById(tenant.id);
    if (!current || current.status === "inactive") return false;
    const key = bearerKey(request.headers);
    if (key) return Boolean(await callerFromApiKey(tenant.id, key));
    return (await currentRole(tenant.id, userId)) !== null;
  } catch {
    return false;
  }
}

/**
 * Wraps a route handler: takes the tenant the proxy resolved, verifies the caller (API key or
 * signed-in member) and its permission, hands the handler a database client bound to the tenant,
 * and turns any thrown error into the typed JSON error answer.
 */
export function withTenant<P = Record<string, never>>(
  handler: (ctx: TenantHandlerContext<P>) => Promise<Response>,
  options: { permission?: Permission } = {},
) {
  return async (request: Request, context: RouteContext<P>): Promise<Response> => {
    try {
      const found = tenantFromHeaders(request.headers);
      if (!found) throw new TenancyError("tenant_not_found");
      const tenant = assertTenantOpen(found);
      const { db, caller: who } = await caller(tenant, request);
      const permission = options.permission ?? "workspace.read";
      assertCan(who.role, permission);
      if (!isReadOnly(permission)) assertTenantWritable(tenant);
      const params = await context.params;
      return await handler({ tenant, db, request, params, ...who });
    } catch (error) {
      return errorResponse(error);
    }
  };
}
