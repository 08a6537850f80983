import { randomUUID, timingSafeEqual } from "node:crypto";
import { TenancyError } from "@/lib/errors";

/**
 * Proof that a request passed the raw request hook (server-hook.ts), the one place that removes
 * the x-tenantry-* headers a client sends. Next starts listening before it runs instrumentation's
 * register(), which installs the hook, and serves a request that arrived in between once it is
 * ready, without that request ever passing the hook: with whatever x-tenantry-* headers its client
 * made up (a tenant, a JWT subject, a peer address). So the hook stamps every request it sees with
 * a secret it makes when installed, never sent to a client, and the steps that trust x-tenantry-*
 * headers (proxy.ts, and the JSON API's resolve step, which skips the proxy) answer a request
 * without it with 503 server_starting. A server the hook is not installed in (a runtime without
 * Node's http module) refuses everything instead of trusting a client's headers.
 */
export const STAMP_HEADER = "x-tenantry-stamp";

// On globalThis: the hook is installed from instrumentation's bundle, the checks run in others.
const globalForStamp = globalThis as unknown as { tenantryRequestStamp?: Buffer };

/** Made once, by the hook's installation: the value it stamps every request with. */
export function newRequestStamp(): string {
  const stamp = randomUUID();
  globalForStamp.tenantryRequestStamp = Buffer.from(stamp);
  return stamp;
}

/** The refusal of a request without this process's stamp (it came before the hook), or null. */
export function unstampedRefusal(headers: Headers): TenancyError | null {
  return passedServerHook(headers) ? null : new TenancyError("server_starting", undefined, undefined, { retryAfter: 1 });
}

/** Whether these request headers carry this process's stamp (the request passed the hook). */
function passedServerHook(headers: Headers): boolean {
  const expected = globalForStamp.tenantryRequestStamp;
  const stamp = headers.get(STAMP_HEADER);
  if (!expected || stamp === null || Buffer.byteLength(stamp) !== expected.length) return false;
  return timingSafeEqual(Buffer.from(stamp), expected);
}
