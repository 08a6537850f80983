import { SLUG_PATTERN } from "@/lib/directory/tenant";
import { env } from "@/lib/env";

/** Where a request's host points: the root domain, one tenant's subdomain, or nowhere we serve. */
export type HostTarget = { kind: "root" } | { kind: "subdomain"; slug: string } | { kind: "unknown" };

// Subdomains that belong to the product, never to a tenant.
const ROOT_ALIASES = new Set(["www"]);

/**
 * Reads the tenant slug from a host such as `acme.localhost:3000` or `acme.example.com`.
 * Pure, so the proxy and the tests share it.
 */
export function parseHost(host: string | null, rootDomain: string): HostTarget {
  if (!host) return { kind: "unknown" };
  const hostname = host.toLowerCase().replace(/:\d+$/, "").replace(/\.$/, "");
  const root = rootDomain.toLowerCase().replace(/:\d+$/, "");
  if (hostname === root) return { kind: "root" };
  if (!hostname.endsWith(`.${root}`)) return { kind: "unknown" };
  const label = hostname.slice(0, -root.length - 1);
  if (ROOT_ALIASES.has(label)) return { kind: "root" };
  if (!SLUG_PATTERN.test(label)) return { kind: "unknown" };
  return { kind: "subdomain", slug: label };
}

/** The host the browser asked for: behind Next's internal re-renders `host` is localhost. */
export function requestHost(headers: Headers): string | null {
  return headers.get("x-forwarded-host") ?? headers.get("host");
}

export function rootDomain(): string {
  return env().TENANTRY_ROOT_DOMAIN;
}

/** The scheme the browser used: what a proxy says, else http on localhost and https elsewhere. */
function requestScheme(headers: Headers, host: string): string {
  return headers.get("x-forwarded-proto")?.split(",")[0].trim() ?? (/^(localhost|127\.|[^.]+\.localhost)/.test(host) ? "http" : "https");
}

/** The scheme and host the browser used, for links sent elsewhere (email). */
export function requestOrigin(headers: Headers): string {
  const host = requestHost(headers) ?? "localhost";
  return `${requestScheme(headers, host)}://${host}`;
}

/** The address of a workspace (`<slug>.<root>`) or of the product (no slug), with the scheme and port of the current request. */
export function productUrl(headers: Headers, slug: string | null, path = ""): string {
  const host = requestHost(headers) ?? "localhost";
  const port = host.match(/:\d+$/)?.[0] ?? "";
  return `${requestScheme(headers, host)}://${slug ? `${slug}.` : ""}${rootDomain()}${port}${path}`;
}
