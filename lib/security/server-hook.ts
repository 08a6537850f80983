import http from "node:http";
import { observeRequest } from "@/lib/observability/observe-request";
import { trackInFlight } from "@/lib/server-shutdown";
import { PEER_ADDRESS_HEADER } from "./client-address";

// Methods the Fetch API cannot represent: Next fails to build a Request for them and answers 500.
const UNREPRESENTABLE = new Set(["TRACE", "TRACK"]);

let installed = false;

/**
 * Sees every request of every HTTP server in this process before Next does, for the two things
 * only the raw request can do. Written by hand because Next offers no hook this early: app code
 * never sees the socket, Next passes a client's own X-Forwarded-For on unchanged, and a TRACE
 * fails inside Next before the proxy runs. It wraps the server's request event, the one place the
 * socket and the headers meet:
 * - it sets PEER_ADDRESS_HEADER to the connection's address, replacing whatever the client sent;
 * - it answers TRACE and TRACK with 405;
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
      if (UNREPRESENTABLE.has(request.method ?? "")) {
        response.writeHead(405, { Allow: "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS" }).end();
        return true;
      }
      request.headers[PEER_ADDRESS_HEADER] = request.socket.remoteAddress ?? "unknown";
      trackInFlight(response);
      return observeRequest(request, response, () => emit.call(this, event, ...args));
    }
    return emit.call(this, event, ...args);
  } as typeof http.Server.prototype.emit;
}
