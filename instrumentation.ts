import type { Instrumentation } from "next";

// Next runs register() once when a server starts (next dev, next start), before it serves a
// request: see lib/server-start.ts.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") (await import("./lib/server-start")).onServerStart();
}

// A page, action or route that threw: one structured log line with the cause, the route and the
// request id (lib/observability). Route handlers answer their own errors and do not get here.
export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { logger } = await import("./lib/observability/logger");
  logger().error({ err: error, path: request.path, method: request.method, route: context.routePath, kind: context.routeType }, "render failed");
};
