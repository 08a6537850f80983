import { tenantFromHeaders } from "./context";
import { errorResponse, TenancyError } from "./errors";
import type { TenantDb } from "./scoped-client";
import { assertTenantOpen, type Tenant } from "./tenant";
import { accessTenant, type Caller } from "./membership";

export type TenantHandlerContext<P> = { tenant: Tenant; db: TenantDb; request: Request; params: P } & Caller;

type RouteContext<P> = { params: Promise<P> };

/**
 * Wraps a route handler: takes the tenant the proxy resolved, verifies the caller's membership in
 * it, hands the handler a database client bound to it, and turns any thrown error into the typed
 * JSON error answer (401 without credentials, 403 without a membership).
 */
export function withTenant<P = Record<string, never>>(
  handler: (ctx: TenantHandlerContext<P>) => Promise<Response>,
) {
  return async (request: Request, context: RouteContext<P>): Promise<Response> => {
    try {
      const found = tenantFromHeaders(request.headers);
      if (!found) throw new TenancyError("tenant_not_found");
      const tenant = assertTenantOpen(found);
      const { db, caller } = await accessTenant(tenant);
      const params = await context.params;
      return await handler({ tenant, db, request, params, ...caller });
    } catch (error) {
      return errorResponse(error);
    }
  };
}
