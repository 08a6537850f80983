import { NextResponse, type NextRequest } from "next/server";
import { TenancyError, errorResponse } from "@/lib/errors";
import { isApiPath } from "@/lib/http/api-paths";
import { BASE_PATH_HEADER, CLOSED_TENANT_HEADER, encodeTenant, JWT_SUBJECT_HEADER, REQUESTED_PATH_HEADER, RESOLVED_BY_HEADER, TENANT_HEADER, UNKNOWN_TENANT_HEADER } from "./forwarded-tenant";
import { requestOrigin, rootDomain } from "./host";
import { resolveTenant, type Resolution } from "./resolve-tenant";

/**
 * The pipeline's first step, run by proxy.ts for every request but the JSON API's (which resolves
 * in its route: api-request.ts): resolve which tenant the request names and pass it on in a header
 * no client can set; an address that names no workspace is a 404 here already. Whether the
 * caller may see the tenant is decided later, by the pipeline.
 * `headers` are the request headers to forward (proxy.ts may have added its own).
 */
export async function tenantProxy(request: NextRequest, headers: Headers): Promise<Response> {
  // A tenant the client claims never gets here: the raw request hook removes every x-tenantry-*
  // header it sends, and proxy.ts refuses a request the hook has not seen.
  headers.set(REQUESTED_PATH_HEADER, request.nextUrl.pathname + request.nextUrl.search);

  // The not-found page (a real 404), told which workspace was asked for. A relative rewrite:
  // request.url names localhost, not the tenant's host.
  const unknownWorkspace = (slug: string | null, closed = false) => {
    headers.set(UNKNOWN_TENANT_HEADER, slug ?? "");
    if (closed) headers.set(CLOSED_TENANT_HEADER, "1");
    return NextResponse.rewrite(new URL("/unknown-workspace", request.url), { request: { headers } });
  };
  const api = isApiPath(request.nextUrl.pathname);

  const resolution = await resolveTenant({ headers: request.headers, pathname: request.nextUrl.pathname, search: request.nextUrl.searchParams });
  if (resolution.kind === "tenant" && resolution.tenant.status === "inactive" && !api) {
    return unknownWorkspace(resolution.tenant.slug, true); // its JSON API answers 410 from the pipeline
  }
  if (resolution.kind === "moved") return movedAnswer(resolution, request.nextUrl.pathname + request.nextUrl.search, request.headers);
  if (resolution.kind === "refused") return errorResponse(new TenancyError("unauthenticated", resolution.message));
  if (resolution.kind === "tenant") {
    forwardTenant(resolution, headers);
    if (resolution.basePath) {
      // Path mode: /t/acme/members is served by /members, with the prefix noted for links.
      headers.set(BASE_PATH_HEADER, resolution.basePath);
      const url = request.nextUrl.clone();
      url.pathname = url.pathname.slice(resolution.basePath.length) || "/";
      return NextResponse.rewrite(url, { request: { headers } });
    }
  } else if (resolution.kind === "not_found") {
    return api ? errorResponse(new TenancyError("tenant_not_found")) : unknownWorkspace(resolution.slug);
  }
  return NextResponse.next({ request: { headers } });
}

/** Hands a resolved tenant on to the app, in headers only this server sets. */
export function forwardTenant(resolution: Extract<Resolution, { kind: "tenant" }>, headers: Headers): void {
  headers.set(TENANT_HEADER, encodeTenant(resolution.tenant));
  headers.set(RESOLVED_BY_HEADER, resolution.by);
  if (resolution.subject) headers.set(JWT_SUBJECT_HEADER, resolution.subject);
}

/** A former address: the same request at the new one, as a permanent redirect that keeps the method and body (308), so API clients follow it too. */
export function movedAnswer(resolution: Extract<Resolution, { kind: "moved" }>, pathAndQuery: string, requestHeaders: Headers): Response {
  const url = new URL(pathAndQuery, requestOrigin(requestHeaders));
  if (resolution.by === "subdomain") url.hostname = `${resolution.tenant.slug}.${rootDomain().replace(/:\d+$/, "")}`;
  else url.pathname = url.pathname.replace(/^\/t\/[^/]+/, `/t/${resolution.tenant.slug}`);
  return NextResponse.redirect(url, 308);
}
