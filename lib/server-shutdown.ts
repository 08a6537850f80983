import type http from "node:http";
import { isDraining, startDraining } from "./draining";
import { env } from "./env";
import { logger } from "./observability/logger";
import { controlPlane } from "./tenancy/db/control-plane-pool";
import { databaseRegistry } from "./tenancy/db/database-registry";
import { closeEventStreams } from "./tenancy/live/tenant-event-stream";

// Graceful shutdown. Next's own SIGTERM/SIGINT handler stops accepting connections and waits for
// the open ones to end before it exits; an event stream never ends by itself, and pools would be
// cut mid-statement. So on the signal this one, alongside Next's:
//   1. marks the instance draining (/api/ready answers 503, new event streams are refused);
//   2. ends every event stream, whose browsers reconnect elsewhere and resume from the log;
//   3. waits for in-flight requests to finish, then closes the pools and LISTEN connections;
//   4. exits anyway once TENANTRY_SHUTDOWN_MS has passed, whatever is still running.

const globalForShutdown = globalThis as unknown as { tenantryInFlight?: Set<http.ServerResponse> };
const inFlight = (globalForShutdown.tenantryInFlight ??= new Set());

/** Counts a request as in flight until its response ends (called by the raw request hook). */
export function trackInFlight(response: http.ServerResponse): void {
  inFlight.add(response);
  response.once("close", () => inFlight.delete(response));
}

async function drain(signal: string): Promise<void> {
  if (isDraining()) return;
  startDraining();
  const bound = env().TENANTRY_SHUTDOWN_MS;
  const started = Date.now();
  const log = logger();
  log.info({ signal, inFlight: inFlight.size, boundMs: bound }, "shutting down");
  setTimeout(() => {
    log.warn({ inFlight: inFlight.size }, "shutdown bound reached; exiting with requests unfinished");
    process.exit(1);
  }, bound);
  closeEventStreams();
  while (inFlight.size > 0) await new Promise((resolve) => setTimeout(resolve, 20));
  await Promise.allSettled([databaseRegistry().end(), controlPlane().end()]);
  log.info({ ms: Date.now() - started }, "drained: requests finished, pools and listeners closed");
}

let installed = false;

export function installGracefulShutdown(): void {
  if (installed) return;
  installed = true;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      drain(signal).catch((error: unknown) => logger().error({ err: error }, "shutdown failed"));
    });
  }
}
