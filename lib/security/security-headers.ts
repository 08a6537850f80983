import { randomBytes } from "node:crypto";
import { env, type Env } from "@/lib/env";

/** A fresh nonce per page: Next puts it on its own inline scripts, and nothing else may run. */
export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

/**
 * The Content-Security-Policy of a page: scripts only from this site or carrying this request's
 * nonce (React's development build also needs eval), styles from this site, no plugins, no
 * framing by other sites, forms and <base> only to this site.
 */
export function contentSecurityPolicy(nonce: string): string {
  const development = env().NODE_ENV === "development";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** The policy of a JSON answer: it runs no scripts and is shown in no frame. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** Headers every answer carries, pages and API alike. */
export function securityHeaders(settings: Env = env()): Record<string, string> {
  const root = settings.TENANTRY_ROOT_DOMAIN.replace(/:\d+$/, "");
  return {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    // Only where the site is served over HTTPS: a browser would otherwise refuse http://localhost later.
    ...(settings.NODE_ENV === "production" && root !== "localhost" ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" } : {}),
  };
}
