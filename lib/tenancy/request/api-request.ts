import { TenancyError, errorResponse } from "@/lib/errors";
import { unstampedRefusal } from "@/lib/security/request-stamp";
import { TENANT_HEADER } from "./forwarded-tenant";
import { resolveTenant } from "./resolve-tenant";
import { forwardTenant, movedAnswer } from "./tenant-proxy";

/**
 * The JSON API's resolve step. Requests to /api/… skip the proxy (proxy.ts's matcher): Next's
 * middleware pass cost more server time than everything else a small API read does (bench
 * `http`), and an API answer needs nothing from the proxy but its tenant. The route adapter
 * resolves it here instead, with the same resolvers and the same answers the proxy gives an API
 * request. Path-mode API requests (/t/acme/api/…) still pass the proxy, which rewrites them, and
 * arrive resolved. Clients cannot pose as the proxy: the raw request hook removes every
 * x-tenantry-* header they send (lib/security/server-hook.ts), and a request it has not seen (one
 * that came while the server was starting) is refused here (lib/security/request-stamp.ts).
 *
 * Returns the headers the pipeline reads (the tenant in them, if the request names one), or the
 * answer to give instead (a former address's redirect, a refused credential, no such workspace).
 */
export async function resolveApiRequest(request: Request): Promise<Headers | Response> {
  const starting = unstampedRefusal(request.headers);
  if (starting) return errorResponse(starting);
  if (request.headers.has(TENANT_HEADER)) return request.headers;
  const url = new URL(request.url);
  const resolution = await resolveTenant({ headers: request.headers, pathname: url.pathname, search: url.searchParams });
  switch (resolution.kind) {
    case "tenant": {
      const headers = new Headers(request.headers);
      forwardTenant(resolution, headers);
      return headers;
    }
    case "moved":
      return movedAnswer(resolution, url.pathname + url.search, request.headers);
    case "refused":
      return errorResponse(new TenancyError("unauthenticated", resolution.message));
    case "not_found":
      return errorResponse(new TenancyError("tenant_not_found"));
    case "root":
      return request.headers; // no tenant named: the pipeline answers tenant_not_found
  }
}
