// Next 16's name for middleware.ts. It runs on the Node.js runtime, so it shares the database
// pool with route handlers. Its one job: work out which tenant a request is for and pass it on.
import { NextResponse, type NextRequest } from "next/server";
import { BASE_PATH_HEADER, CLOSED_TENANT_HEADER, encodeTenant, RESOLVED_BY_HEADER, TENANT_HEADER, UNKNOWN_TENANT_HEADER } from "@/lib/tenancy/context";
import { TenancyError, errorResponse } from "@/lib/tenancy/errors";
import { resolveTenant } from "@/lib/tenancy/resolve-tenant";

export async function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  // Never trust a tenant the client claims: only the value set below is read by the app.
  headers.delete(TENANT_HEADER);
  headers.delete(UNKNOWN_TENANT_HEADER);
  headers.delete(RESOLVED_BY_HEADER);
  headers.delete(CLOSED_TENANT_HEADER);
  headers.delete(BASE_PATH_HEADER);

  // The not-found page (a real 404), told which workspace was asked for. A relative rewrite:
  // request.url names localhost, not the tenant's host.
  const unknownWorkspace = (slug: string | null, closed = false) => {
    headers.set(UNKNOWN_TENANT_HEADER, slug ?? "");
    if (closed) headers.set(CLOSED_TENANT_HEADER, "1");
    return NextResponse.rewrite(new URL("/unknown-workspace", request.url), { request: { headers } });
  };
  const api = request.nextUrl.pathname.startsWith("/api/");

  const resolution = await resolveTenant({ headers: request.headers, pathname: request.nextUrl.pathname });
  if (resolution.kind === "tenant" && resolution.tenant.status === "inactive" && !api) {
    return unknownWorkspace(resolution.tenant.slug, true); // its JSON API answers 410 from withTenant
  }
  if (resolution.kind === "tenant") {
    headers.set(TENANT_HEADER, encodeTenant(resolution.tenant));
    headers.set(RESOLVED_BY_HEADER, resolution.by);
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

export const config = {
  // Everything but build assets (and the benchmark's bare baseline route, which must not pay for
  // resolution): every page and route passes through here.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|robots.txt|api/bench/baseline).*)"],
};
