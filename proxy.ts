// Next 16's name for middleware.ts. It runs on the Node.js runtime, so it shares the directory's
// pool and cache with the rest of the app. It does one thing: the tenant pipeline's first step,
// resolving which tenant a request names (lib/tenancy/request/tenant-proxy.ts).
import type { NextRequest } from "next/server";
import { tenantProxy } from "@/lib/tenancy/request/tenant-proxy";

export function proxy(request: NextRequest) {
  return tenantProxy(request);
}

export const config = {
  // Everything but build assets (and the benchmark's bare baseline route, which must not pay for
  // resolution): every page and route passes through here.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|robots.txt|api/bench/baseline).*)"],
};
