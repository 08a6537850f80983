// The pure parts of the security hardening: whose address a request is, which paths are local,
// and which headers an answer carries.
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseEnv } from "@/lib/env";
import { clientAddress, PEER_ADDRESS_HEADER } from "@/lib/security/client-address";
import { createRequire } from "node:module";
import { skipsProxy } from "@/lib/http/api-paths";
import { contentSecurityPolicy, securityHeaders } from "@/lib/security/security-headers";
import { localPath } from "@/lib/validation";

const from = (peer: string, forwardedFor?: string) => new Headers({ [PEER_ADDRESS_HEADER]: peer, ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}) });

test("with no trusted proxy the connection's address counts, whatever X-Forwarded-For claims", () => {
  assert.equal(clientAddress(from("198.51.100.7", "203.0.113.10"), 0), "198.51.100.7");
});

test("with n trusted proxies, the address n hops from the right of X-Forwarded-For + the connection", () => {
  // client 203.0.113.10 → proxy A (10.0.0.1) → proxy B (10.0.0.2) → app; the client forged a first entry.
  const h = from("10.0.0.2", "1.2.3.4, 203.0.113.10, 10.0.0.1");
  assert.equal(clientAddress(h, 1), "10.0.0.1");
  assert.equal(clientAddress(h, 2), "203.0.113.10");
  assert.equal(clientAddress(from("10.0.0.2"), 2), "10.0.0.2"); // fewer hops than configured: the leftmost known
});

test("only a plain local path is a place to go back to", () => {
  for (const ok of ["/", "/employees/1", "/t/acme/members?x=1"]) assert.equal(localPath(ok), ok);
  for (const bad of ["//evil.example", "/\\evil.example", "https://evil.example", "/\r\n/x", "/a\tb", "/x\u0000", "", "x", 42, null]) {
    assert.equal(localPath(bad), null, JSON.stringify(bad));
  }
});

test("every answer forbids framing and sniffing; HSTS only in production on a real domain", () => {
  const base = securityHeaders(parseEnv({ NODE_ENV: "production" }));
  assert.equal(base["X-Frame-Options"], "DENY");
  assert.equal(base["X-Content-Type-Options"], "nosniff");
  assert.equal(base["Referrer-Policy"], "strict-origin-when-cross-origin");
  assert.equal(base["Strict-Transport-Security"], undefined, "not on localhost");
  assert.match(securityHeaders(parseEnv({ NODE_ENV: "production", TENANTRY_ROOT_DOMAIN: "example.com" }))["Strict-Transport-Security"], /max-age=\d+/);
  assert.equal(securityHeaders(parseEnv({ NODE_ENV: "development", TENANTRY_ROOT_DOMAIN: "example.com" }))["Strict-Transport-Security"], undefined);
});

test("the page policy allows only this site's scripts and the request's nonce, and no framing", () => {
  const policy = contentSecurityPolicy("abc123");
  assert.match(policy, /script-src 'self' 'nonce-abc123' 'strict-dynamic'/);
  assert.match(policy, /frame-ancestors 'none'/);
  assert.match(policy, /object-src 'none'/);
  assert.doesNotMatch(policy, /unsafe-inline/);
});

test("the paths the raw request hook treats as skipping the proxy are the ones its matcher leaves out", async () => {
  const { config } = await import("@/proxy");
  // The matcher as Next compiles it at build time (with its /_next/data and .rsc variants), by
  // Next's own function: internal and untyped, so a Next upgrade that renames it fails here, loudly.
  const { getMiddlewareMatchers } = createRequire(import.meta.url)("next/dist/build/analysis/get-page-static-info") as {
    getMiddlewareMatchers: (matcher: string[], nextConfig: object) => { regexp: string }[];
  };
  const proxied = getMiddlewareMatchers(config.matcher, {}).map((m) => new RegExp(m.regexp));
  const paths = ["/", "/members", "/sign-in", "/api", "/apiary", "/api/employees", "/api/employees/1", "/api/events", "/api/health", "/api/bench/baseline", "/api/auth/csrf", "/api/auth/callback/credentials", "/t/acme/api/employees", "/t/acme/members"];
  for (const path of paths) assert.equal(skipsProxy(path), !proxied.some((m) => m.test(path)), path);
  assert.ok(skipsProxy("/api/employees?limit=5") && !skipsProxy("/api/auth/csrf") && !skipsProxy("/t/acme/api/employees"));
  // Next resolves dot segments before it matches: so does the hook.
  for (const target of ["/api/auth/../employees", "/api/auth/%2e%2e/health", "/t/x/../../api/health?x=1"]) assert.ok(skipsProxy(target), target);
  assert.ok(!skipsProxy("/api/../members") && !skipsProxy("//api/employees"));
});
