import http from "node:http";
import https from "node:https";
import { skipsProxy } from "@/lib/http/api-paths";
import { observeRequest } from "@/lib/observability/observe-request";
import { trackInFlight } from "@/lib/server-shutdown";
import { PEER_ADDRESS_HEADER } from "./client-address";
import { SERVED_METHODS } from "./request-guard";
import { newRequestStamp, STAMP_HEADER } from "./request-stamp";
import { API_CONTENT_SECURITY_POLICY, securityHeaders } from "./security-headers";

let installed = false;

/** What the proxy gives a JSON answer: for the answers that do not pass it. */
const apiHeaders = () => ({ "Content-Security-Policy": API_CONTENT_SECURITY_POLICY, ...securityHeaders() });

/**
 * Sees every request of every HTTP(S) server in this process before Next does, for what only the
 * raw request can do, or must hold whichever path a request takes. Written by hand because Next
 * offers no hook this early: app code never sees the socket, Next passes a client's own
 * X-Forwarded-For on unchanged, a TRACE fails inside Next before the proxy runs, and the JSON API
 * skips the proxy. It wraps the server's request event, the one place the socket and the headers
 * meet:
 * - it drops every x-tenantry-* header the client sent, sets PEER_ADDRESS_HEADER to the
 *   connection's address, and stamps the request as one it has seen (request-stamp.ts: a request
 *   that came before the hook was installed is refused, not trusted);
 * - it gives the JSON API's answers, which skip the proxy, the headers the proxy gives pages;
 * - it answers a method the app does not serve with 405 (TRACE would fail inside Next with a 500);
 * - it counts the request in flight until its response ends (for a graceful shutdown);
 * - it hands the request to observeRequest (its id, its log line and metrics).
 */
export function installServerHook(): void {
  if (installed) return;
  installed = true;
  const stamp = newRequestStamp();
  // `next dev --experimental-https` serves from an https.Server, which is not an http.Server.
  for (const prototype of [http.Server.prototype, https.Server.prototype]) {
    const emit = prototype.emit as (this: http.Server, event: string, ...args: unknown[]) => boolean;
    prototype.emit = function (this: http.Server, event: string, ...args: unknown[]) {
      if (event !== "request") return emit.call(this, event, ...args);
      const [request, response] = args as [http.IncomingMessage, http.ServerResponse];
      // Any other method is none the app serves (TRACE and TRACK would even fail inside Next with a 500).
      if (!SERVED_METHODS.includes(request.method ?? "")) {
        response.writeHead(405, { Allow: SERVED_METHODS.join(", "), ...apiHeaders() }).end();
        return true;
      }
      // The JSON API's answers skip the proxy, which gives every other answer these.
      if (skipsProxy(request.url ?? "/")) for (const [name, value] of Object.entries(apiHeaders())) response.setHeader(name, value);
      // x-tenantry-* headers are this server's word to the app (the tenant, the peer's address):
      // a client's copies are dropped, whichever path the request takes.
      for (const name of Object.keys(request.headers)) if (name.startsWith("x-tenantry-")) delete request.headers[name];
      request.headers[PEER_ADDRESS_HEADER] = request.socket.remoteAddress ?? "unknown";
      request.headers[STAMP_HEADER] = stamp;
      trackInFlight(response);
      return observeRequest(request, response, () => emit.call(this, event, ...args));
    } as typeof prototype.emit;
  }
}
