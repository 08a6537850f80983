import { errorResponse, TenancyError } from "@/lib/errors";
import { isCrossSiteWrite } from "@/lib/security/request-guard";
import { openTenant, READ, type Access, type TenantContext } from "../pipeline";
import { resolveApiRequest } from "../request/api-request";
import { RESOLVED_BY_HEADER } from "../request/forwarded-tenant";
import { requestHost } from "../request/host";

export type RouteContext<P> = TenantContext & { request: Request; params: P };

/** Tenant data in answers is for this caller alone: no shared cache may keep it. */
function privately(response: Response): Response {
  if (!response.headers.has("cache-control")) response.headers.set("Cache-Control", "private, no-store");
  return response;
}

/**
 * The request as the handler should see it: `?tenant=` named the tenant (the query resolver) and
 * is no parameter of the route, whose query validation would refuse it as unknown.
 */
function withoutRoutingParameter(request: Request, resolved: Headers): Request {
  if (resolved.get(RESOLVED_BY_HEADER) !== "query") return request;
  const url = new URL(request.url);
  url.searchParams.delete("tenant");
  const body = request.body ? { body: request.body, duplex: "half" } : {};
  return new Request(url, { method: request.method, headers: request.headers, signal: request.signal, ...body } as RequestInit);
}

/**
 * A route handler in the request's tenant: the pipeline runs first, from resolving the tenant (the
 * JSON API skips the proxy: see api-request.ts), and its refusals, and any typed error the handler
 * throws, become the JSON error answer; then the handler gets the context.
 *
 *   export const GET = withTenant(async ({ db }) => Response.json(await db.project.findMany()));
 */
export function withTenant<P = Record<string, never>>(handler: (ctx: RouteContext<P>) => Promise<Response>, access: Access = READ) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      const resolved = await resolveApiRequest(request);
      if (resolved instanceof Response) return privately(resolved);
      const ctx = await openTenant(resolved, access);
      // A session cookie counts only for writes from this site (an API key is no ambient credential).
      if (ctx.caller.kind === "user" && isCrossSiteWrite(request.method, request.headers, requestHost(request.headers))) {
        throw new TenancyError("forbidden", "Cross-site request refused.");
      }
      return privately(await handler({ ...ctx, request: withoutRoutingParameter(request, resolved), params: await context.params }));
    } catch (error) {
      return privately(errorResponse(error));
    }
  };
}
