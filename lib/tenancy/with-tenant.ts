import { tenantFromHeaders } from "./context";
import { errorResponse, TenancyError } from "./errors";
import type { TenantDb } from "./scoped-client";
import { assertTenantOpen, type Tenant } from "./tenant";
import { tenantDatabase } from "./tenant-database";

export type TenantHandlerContext<P> = { tenant: Tenant; db: TenantDb; request: Request; params: P };

type RouteContext<P> = { params: Promise<P> };

/**
 * Wraps a route handler: takes the tenant the proxy resolved, hands the handler a database client
 * bound to it, and turns any thrown error into the typed JSON error answer.
 */
export function withTenant<P = Record<string, never>>(
  handler: (ctx: TenantHandlerContext<P>) => Promise<Response>,
) {
  return async (request: Request, context: RouteContext<P>): Promise<Response> => {
    try {
      const found = tenantFromHeaders(request.headers);
      if (!found) throw new TenancyError("tenant_not_found");
      const tenant = assertTenantOpen(found);
      const params = await context.params;
      return await handler({ tenant, db: tenantDatabase().client(tenant.id), request, params });
    } catch (error) {
      return errorResponse(error);
    }
  };
}
