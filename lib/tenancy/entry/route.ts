import { errorResponse } from "@/lib/errors";
import { openTenant, READ, type Access, type TenantContext } from "../pipeline";

export type RouteContext<P> = TenantContext & { request: Request; params: P };

/**
 * A route handler in the request's tenant: the pipeline runs first (its refusals, and any typed
 * error the handler throws, become the JSON error answer), then the handler gets the context.
 *
 *   export const GET = withTenant(async ({ db }) => Response.json(await db.project.findMany()));
 */
export function withTenant<P = Record<string, never>>(handler: (ctx: RouteContext<P>) => Promise<Response>, access: Access = READ) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      const ctx = await openTenant(request.headers, access);
      return await handler({ ...ctx, request, params: await context.params });
    } catch (error) {
      return errorResponse(error);
    }
  };
}
