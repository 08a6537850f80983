// Next 16's name for middleware.ts. It runs on the Node.js runtime, so it shares the directory's
// pool and cache with the rest of the app. Every request passes here: what must never reach the
// app is refused (lib/security/request-guard.ts), the tenant pipeline's first step resolves which
// tenant it names (lib/tenancy/request/tenant-proxy.ts), and the answer gets its security headers.
import type { NextRequest } from "next/server";
import { unreadableActionBody, refusal } from "@/lib/security/request-guard";
import { contentSecurityPolicy, newNonce, securityHeaders } from "@/lib/security/security-headers";
import { requestHost } from "@/lib/tenancy/request/host";
import { tenantProxy } from "@/lib/tenancy/request/tenant-proxy";

export async function proxy(request: NextRequest) {
  const refused = refusal(request.method, request.headers, requestHost(request.headers)) ?? (await unreadableActionBody(request));
  const forwarded = new Headers(request.headers);
  // A page's nonce goes to Next on the request (it marks its own scripts with it) and to the
  // browser in the policy; JSON answers run no scripts and get a policy that allows nothing.
  const page = !/^(\/t\/[^/]+)?\/api\//.test(request.nextUrl.pathname);
  const policy = page ? contentSecurityPolicy(newNonce()) : "default-src 'none'; frame-ancestors 'none'";
  if (page) forwarded.set("content-security-policy", policy);
  const response = refused ?? (await tenantProxy(request, forwarded));
  response.headers.set("Content-Security-Policy", policy);
  for (const [name, value] of Object.entries(securityHeaders())) response.headers.set(name, value);
  return response;
}

export const config = {
  // Everything but build assets (and the benchmark's bare baseline route, which must not pay for
  // resolution): every page and route passes through here.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|robots.txt|api/bench/baseline).*)"],
};
