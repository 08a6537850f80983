import { SLUG_PATTERN, tenantByDomain, tenantByFormerSlug, tenantById, tenantBySlug, type Tenant } from "@/lib/directory";
import { env } from "@/lib/env";
import { isApiPath } from "@/lib/http/api-paths";
import { UUID } from "../db/tenant-context";
import { assertJwtConfigured, jwtFrom, verifyTenantJwt } from "./bearer-jwt";
import { parseHost, requestHost, rootDomain } from "./host";

export type ResolvedBy = "subdomain" | "custom-domain" | "path" | "header" | "query" | "jwt" | "session";

// The workspace a signed-in user chose on the root domain (see the switcher). Only a choice: the
// membership check that follows decides whether it is allowed.
export const ACTIVE_TENANT_COOKIE = "tenantry-workspace";

export type Resolution =
  | { kind: "root" }
  | { kind: "tenant"; tenant: Tenant; by: ResolvedBy; basePath?: string; subject?: string }
  | { kind: "not_found"; slug: string | null }
  // An address the workspace left less than its grace period ago: the same request at its new one.
  | { kind: "moved"; tenant: Tenant; by: "subdomain" | "path" }
  // A credential that named a tenant but did not hold up (an expired or forged token): 401.
  | { kind: "refused"; message: string };

type RequestInfo = { headers: Headers; pathname: string; search?: URLSearchParams };

/** One way of naming a tenant. `null` means "this request does not use me": ask the next one. */
type Resolver = (req: RequestInfo) => Promise<Resolution | null>;

const RESOLVERS: Record<ResolvedBy, Resolver> = {
  // acme.example.com, acme.localhost:3000
  async subdomain({ headers }) {
    const target = parseHost(requestHost(headers), rootDomain());
    if (target.kind !== "subdomain") return null;
    const tenant = await tenantBySlug(target.slug);
    if (tenant) return { kind: "tenant", tenant, by: "subdomain" };
    const moved = await tenantByFormerSlug(target.slug);
    return moved ? { kind: "moved", tenant: moved, by: "subdomain" } : { kind: "not_found", slug: target.slug };
  },
  // crm.acme-corp.com: a host outside the root domain, mapped by a verified row in `domains`.
  async "custom-domain"({ headers }) {
    const host = requestHost(headers);
    if (!host || parseHost(host, rootDomain()).kind !== "unknown") return null;
    const hostname = host.toLowerCase().replace(/:\d+$/, "").replace(/\.$/, "");
    const tenant = await tenantByDomain(hostname);
    return tenant ? { kind: "tenant", tenant, by: "custom-domain" } : null;
  },
  // /t/acme/… on the root domain, for deployments without wildcard DNS.
  async path({ headers, pathname }) {
    const match = pathname.match(/^\/t\/([^/]+)(?=\/|$)/);
    if (!match || parseHost(requestHost(headers), rootDomain()).kind !== "root") return null;
    const slug = match[1].toLowerCase();
    if (!SLUG_PATTERN.test(slug)) return { kind: "not_found", slug };
    const tenant = await tenantBySlug(slug);
    if (tenant) return { kind: "tenant", tenant, by: "path", basePath: match[0] };
    const moved = await tenantByFormerSlug(slug);
    return moved ? { kind: "moved", tenant: moved, by: "path" } : { kind: "not_found", slug };
  },
  // X-Tenant-ID: <slug or id>, for the JSON API only; withTenant then insists on an API key.
  async header({ headers, pathname }) {
    const value = headers.get("x-tenant-id")?.trim().toLowerCase();
    if (!value || !pathname.startsWith("/api/")) return null;
    // An id first: a UUID also fits the slug pattern.
    const slug = !UUID.test(value) && SLUG_PATTERN.test(value) ? value : null;
    const tenant = UUID.test(value)
      ? await tenantById(value)
      : slug
        ? await currentOrFormer(slug)
        : null;
    return tenant ? { kind: "tenant", tenant, by: "header" } : { kind: "not_found", slug };
  },
  // ?tenant=<slug> on the root domain's JSON API, for webhook-style callers that can set neither a
  // host nor a header. Off unless TENANTRY_RESOLVERS names it; withTenant then insists on an API
  // key of that tenant, so the parameter never grants anything alone.
  async query({ headers, pathname, search }) {
    const value = search?.get("tenant")?.trim().toLowerCase();
    if (!value || !pathname.startsWith("/api/") || parseHost(requestHost(headers), rootDomain()).kind !== "root") return null;
    const slug = SLUG_PATTERN.test(value) ? value : null;
    const tenant = slug ? await currentOrFormer(slug) : null;
    return tenant ? { kind: "tenant", tenant, by: "query" } : { kind: "not_found", slug };
  },
  // Authorization: Bearer <JWT> on the JSON API, from a configured identity provider: the token's
  // tenant_id claim names the tenant, its subject is the caller (who must be a member there).
  async jwt({ headers, pathname }) {
    const token = jwtFrom(headers);
    if (!token || !isApiPath(pathname)) return null;
    const verified = await verifyTenantJwt(token);
    if ("refused" in verified) return { kind: "refused", message: verified.refused };
    const tenant = await tenantById(verified.tenantId);
    return tenant ? { kind: "tenant", tenant, by: "jwt", subject: verified.subject } : { kind: "not_found", slug: null };
  },
  // The root domain, for a signed-in user who picked a workspace there.
  async session({ headers }) {
    if (parseHost(requestHost(headers), rootDomain()).kind !== "root") return null;
    const slug = cookieValue(headers.get("cookie"), ACTIVE_TENANT_COOKIE);
    if (!slug || !SLUG_PATTERN.test(slug)) return null;
    const tenant = await currentOrFormer(slug);
    return tenant ? { kind: "tenant", tenant, by: "session" } : null;
  },
};

// Where an address is not a URL to redirect (a header, a parameter, a cookie), a former one simply
// still names the workspace during its grace period.
async function currentOrFormer(slug: string): Promise<Tenant | null> {
  return (await tenantBySlug(slug)) ?? (await tenantByFormerSlug(slug));
}

function cookieValue(header: string | null, name: string): string | null {
  for (const part of header?.split(";") ?? []) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return null;
}

let order: ResolvedBy[] | undefined;

/** The order the resolvers are asked in: TENANTRY_RESOLVERS, read and checked once per process. */
export function resolverOrder(): ResolvedBy[] {
  if (order) return order;
  const names = env().TENANTRY_RESOLVERS.split(",").map((s) => s.trim());
  for (const name of names) if (!(name in RESOLVERS)) throw new Error(`TENANTRY_RESOLVERS: unknown resolver "${name}"`);
  if (names.includes("jwt")) assertJwtConfigured();
  return (order = names as ResolvedBy[]);
}

/**
 * Decides which tenant, if any, a request is for: the first resolver in the chain that
 * recognises the request decides. Called once per request: by the proxy, or for the JSON API by
 * its route (api-request.ts).
 */
export async function resolveTenant(req: RequestInfo): Promise<Resolution> {
  for (const name of resolverOrder()) {
    const resolution = await RESOLVERS[name](req);
    if (resolution) return resolution;
  }
  // Nothing named a tenant: the product's own domain, or a host we do not serve.
  return parseHost(requestHost(req.headers), rootDomain()).kind === "root" ? { kind: "root" } : { kind: "not_found", slug: null };
}
