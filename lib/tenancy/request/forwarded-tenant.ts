import { headers } from "next/headers";
import { tenantSchema, type Tenant } from "@/lib/directory/tenant";
import { requestOrigin } from "./host";

// The proxy (or, for the JSON API, its route: api-request.ts) resolves the tenant once and hands it
// to the app in this request header. The raw request hook deletes any copy the client sent
// (lib/security/server-hook.ts), so only the server's own value is ever read.
export const TENANT_HEADER = "x-tenantry-tenant";
// In path mode (/t/<slug>/…) the prefix the proxy removed, for links and redirects to put back.
export const BASE_PATH_HEADER = "x-tenantry-base-path";
// Which step of the resolution chain named the tenant (subdomain, header, …).
export const RESOLVED_BY_HEADER = "x-tenantry-resolved-by";
/** The user a verified bearer JWT names (the `jwt` resolver); set by the server only. */
export const JWT_SUBJECT_HEADER = "x-tenantry-jwt-subject";
// Set instead when the host named a workspace that does not exist, for the not-found page.
export const UNKNOWN_TENANT_HEADER = "x-tenantry-unknown-tenant";
// …together with this one when the workspace exists but has been closed.
export const CLOSED_TENANT_HEADER = "x-tenantry-closed-tenant";
// The path and query the browser asked for (before a path-mode rewrite), so a page that sends
// someone to sign in can bring them back to it.
export const REQUESTED_PATH_HEADER = "x-tenantry-requested-path";

export function encodeTenant(tenant: Tenant): string {
  return encodeURIComponent(JSON.stringify(tenant));
}

export function tenantFromHeaders(h: Headers): Tenant | null {
  const raw = h.get(TENANT_HEADER);
  if (!raw) return null;
  try {
    const parsed = tenantSchema.safeParse(JSON.parse(decodeURIComponent(raw)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The tenant the current request names, if any (server components and actions), before anyone
 * checked that the caller may see it: for choosing what to render (a workspace or the product's
 * landing page), never for reading its data. Data goes through the pipeline.
 */
export async function optionalTenant(): Promise<Tenant | null> {
  return tenantFromHeaders(await headers());
}

/** A path inside the current workspace as the browser must see it: /members, or /t/acme/members in path mode. */
export async function tenantPath(path: string): Promise<string> {
  const base = (await headers()).get(BASE_PATH_HEADER) ?? "";
  return `${base}${path}`;
}

/** The path the browser asked for (without its query), as it sees it: for marking the current page in a nav. */
export async function requestedPath(): Promise<string | null> {
  return (await headers()).get(REQUESTED_PATH_HEADER)?.split("?")[0] ?? null;
}

/** A full URL inside the current workspace, for a link sent by email. */
export async function tenantUrl(path: string): Promise<string> {
  return `${requestOrigin(await headers())}${await tenantPath(path)}`;
}

/** Which resolver named the current request's tenant: "subdomain", "session"… */
export async function resolvedBy(): Promise<string | null> {
  return (await headers()).get(RESOLVED_BY_HEADER);
}
