import { env } from "@/lib/env";

/**
 * The header the server stamps on every request with the connection's own address (see
 * server-hook.ts), overwriting any copy a client sent. Next keeps a client's own
 * X-Forwarded-For when one is sent and exposes no socket address to app code, so without this
 * the per-address sign-in limit could be dodged by making up a header.
 */
export const PEER_ADDRESS_HEADER = "x-tenantry-peer-address";

/**
 * The client's address: with TENANTRY_TRUSTED_PROXIES = n, the entry n hops from the right of
 * X-Forwarded-For followed by the connection's address (each trusted proxy appends the address it
 * was reached from); with 0 the connection's address alone, whatever the client claims.
 */
export function clientAddress(headers: Headers, hops = env().TENANTRY_TRUSTED_PROXIES): string {
  const peer = headers.get(PEER_ADDRESS_HEADER) ?? "unknown";
  if (hops === 0) return peer;
  const chain = [...(headers.get("x-forwarded-for") ?? "").split(",").map((s) => s.trim()).filter(Boolean), peer];
  return chain[Math.max(0, chain.length - 1 - hops)];
}
