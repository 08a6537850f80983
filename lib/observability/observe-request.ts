import { randomUUID } from "node:crypto";
import type http from "node:http";
import { logger } from "./logger";
import { httpDuration, httpRequests } from "./metrics";
import { withRequestFacts, type RequestFacts } from "./request-context";

/** The request's id, set on the request for the app (and on the response for the caller to quote). */
const REQUEST_ID_HEADER = "x-request-id";

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$|^\d+$/i;
// A secret in the path (an invitation link's token: 32+ random base64url characters, so with a
// capital letter, which no slug or route name has) never reaches a log or a label.
const TOKEN = /^(?=.*[A-Z])[A-Za-z0-9_-]{32,}$/;

/** The path as logged: secrets in it replaced by `:token`. */
export function loggedPath(path: string): string {
  return path
    .split("/")
    .map((segment) => (TOKEN.test(segment) ? ":token" : segment))
    .join("/");
}

/**
 * A route as a metrics label: ids become `:id`, secrets `:token` and a path-mode prefix
 * `/t/:slug`, so the label names the route, not the record. Unknown paths (404) share one label:
 * a client inventing paths must not grow the metrics without bound.
 */
export function routeLabel(path: string, status: number): string {
  if (status === 404) return "(not found)";
  return loggedPath(path)
    .replace(/^\/t\/[^/]+/, "/t/:slug")
    .split("/")
    .map((segment) => (ID.test(segment) ? ":id" : segment))
    .join("/");
}

/**
 * Gives each request an id (replacing any the client sent) and, once its response has ended,
 * writes its one log line (request id, tenant, actor, route, status, duration) and counts it in
 * the metrics. Build assets are served without either.
 */
export function observeRequest(request: http.IncomingMessage, response: http.ServerResponse, handle: () => boolean): boolean {
  const facts: RequestFacts = { requestId: randomUUID() };
  request.headers[REQUEST_ID_HEADER] = facts.requestId;
  response.setHeader("X-Request-Id", facts.requestId);
  const started = performance.now();
  response.once("close", () => {
    const path = loggedPath((request.url ?? "/").split("?")[0]);
    if (path.startsWith("/_next/")) return;
    const durationMs = Math.round((performance.now() - started) * 10) / 10;
    const status = response.statusCode;
    const route = routeLabel(path, status);
    const tenant = facts.tenant ?? "";
    httpRequests.inc({ tenant, route, method: request.method ?? "", status });
    const stream = String(response.getHeader("content-type") ?? "").startsWith("text/event-stream");
    if (!stream) httpDuration.observe({ tenant, route }, durationMs / 1000);
    const line = { reqId: facts.requestId, method: request.method, path, route, status, durationMs, tenant: facts.tenant, actor: facts.actor };
    // A response cut off before its end (the client left, or the process stopped) says so.
    logger().info(response.writableFinished ? line : { ...line, incomplete: true }, "request");
  });
  return withRequestFacts(facts, handle);
}
