import http from "node:http";
import { observeRequest } from "@/lib/observability/observe-request";
import { trackInFlight } from "@/lib/server-shutdown";
import { PEER_ADDRESS_HEADER } from "./client-address";
import { SERVED_METHODS } from "./request-guard";
import { API_CONTENT_SECURITY_POLICY, securityHeaders, skipsProxy } from "./security-headers";

let installed = false;

/**
 * Sees every request of every HTTP server in this process before Next does, for what only the raw
 * request can do, or must hold whichever path a request takes. Written by hand because Next offers
 * no hook this early: app code never sees the socket, Next passes a client's own X-Forwarded-For
 * on unchanged, a TRACE fails inside Next before the proxy runs, and the JSON API skips the proxy.
 * It wraps the server's request event, the one place the
 * socket and the headers meet:
 * - it drops every x-tenantry-* header the client sent and sets PEER_ADDRESS_HEADER to the
 *   connection's address;
 * - it gives the JSON API's answers, which skip the proxy, the headers the proxy gives pages;
 * - it answers a method the app does not serve with 405 (TRACE would fail inside Next with a 500);
 * - it counts the request in flight until its response ends (for a graceful shutdown);
 * - it hands the request to observeRequest (its id, its log line and metrics).
 */
export function installServerHook(): void {
  if (installed) return;
  installed = true;
  const emit = http.Server.prototype.emit as (this: http.Server, event: string, ...args: unknown[]) => boolean;
  http.Server.prototype.emit = function (this: http.Server, event: string, ...args: unknown[]) {
    if (event === "request") {
      const [request, response] = args as [http.IncomingMessage, http.ServerResponse];
      // Any other method is none the app serves (TRACE and TRACK would even fail inside Next with a 500).
      if (!SERVED_METHODS.includes(request.method ?? "")) {
        response.writeHead(405, { Allow: SERVED_METHODS.join(", ") }).end();
        return true;
      }
      // x-tenantry-* headers are this server's word to the app (the tenant, the peer's address):
      // a client's copies are dropped, whichever path the request takes.
      for (const name of Object.keys(request.headers)) if (name.startsWith("x-tenantry-")) delete request.headers[name];
      request.headers[PEER_ADDRESS_HEADER] = request.socket.remoteAddress ?? "unknown";
      if (skipsProxy((request.url ?? "/").split("?")[0])) {
        for (const [name, value] of Object.entries({ "Content-Security-Policy": API_CONTENT_SECURITY_POLICY, ...securityHeaders() })) response.setHeader(name, value);
      }
      trackInFlight(response);
      return observeRequest(request, response, () => emit.call(this, event, ...args));
    }
    return emit.call(this, event, ...args);
  } as typeof http.Server.prototype.emit;
}
