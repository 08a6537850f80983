// Next 16's name for middleware.ts. It runs on the Node.js runtime, so it shares the directory's
// pool and cache with the rest of the app. Every page, action and path-mode request passes here
// (the JSON API at /api/… does not: see `config`): a request the raw request hook has not seen is
// refused (lib/security/request-stamp.ts), so is what must never reach the app
// (lib/security/request-guard.ts), the tenant pipeline's first step resolves which tenant it
// names (lib/tenancy/request/tenant-proxy.ts), and the answer gets its security headers.
import type { NextRequest } from "next/server";
import { errorResponse, TenancyError } from "@/lib/errors";
import { isApiPath } from "@/lib/http/api-paths";
import { unavailablePage } from "@/lib/http/unavailable-page";
import { actionRefusal, unreadableActionBody } from "@/lib/security/request-guard";
import { unstampedRefusal } from "@/lib/security/request-stamp";
import { API_CONTENT_SECURITY_POLICY, contentSecurityPolicy, newNonce, securityHeaders } from "@/lib/security/security-headers";
import { requestHost } from "@/lib/tenancy/request/host";
import { tenantProxy } from "@/lib/tenancy/request/tenant-proxy";

export async function proxy(request: NextRequest) {
  // A page's nonce goes to Next on the request (it marks its own scripts with it) and to the
  // browser in the policy; JSON answers run no scripts and get a policy that allows nothing.
  const page = !isApiPath(request.nextUrl.pathname);
  const policy = page ? contentSecurityPolicy(newNonce()) : API_CONTENT_SECURITY_POLICY;
  const starting = unstampedRefusal(request.headers);
  const refused = starting
    ? unavailable(starting, page)
    : (actionRefusal(request.method, request.headers, requestHost(request.headers)) ?? (await unreadableActionBody(request)));
  const forwarded = new Headers(request.headers);
  if (page) forwarded.set("content-security-policy", policy);
  const response = refused ?? (await tenantProxy(request, forwarded).catch((error) => unavailable(error, page)));
  response.headers.set("Content-Security-Policy", policy);
  for (const [name, value] of Object.entries(securityHeaders())) response.headers.set(name, value);
  return response;
}

/** The tenant step could not reach the directory: a typed 503 (JSON, or a page that retries), never a 500. */
function unavailable(error: unknown, page: boolean): Response {
  if (!(error instanceof TenancyError) || error.status !== 503) throw error;
  return page ? unavailablePage(error) : errorResponse(error);
}

export const config = {
  // Every page, action and path-mode route passes through here; build assets do not, nor does the
  // JSON API at /api/… (skipsProxy in lib/security/security-headers.ts: it resolves its tenant in
  // its route, lib/tenancy/request/api-request.ts, and gets its headers from the raw request hook),
  // except Auth.js's /api/auth/…, whose sign-in records the tenant resolved here.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|apple-icon.png|robots.txt|api/(?!auth/)).*)"],
};
