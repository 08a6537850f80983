import { env, InvalidSettingError } from "./env";
import { logger } from "./observability/logger";
import { collectProcessMetrics } from "./observability/metrics";
import { installServerHook } from "./security/server-hook";
import { installGracefulShutdown } from "./server-shutdown";

/**
 * What an app server does before its first request (called from instrumentation.ts):
 * - checks the settings, so a bad value stops the process at once with the variable's name
 *   instead of failing at the first request that reads it;
 * - installs the raw request hook (lib/security/server-hook.ts): a client's x-tenantry-* headers
 *   dropped, every request stamped with the address of its connection, an id and the proof it
 *   passed the hook, logged and counted, and methods Next cannot handle refused with 405;
 * - logs any promise rejection nobody handled (there should be none: each is a bug), and starts
 *   the process metrics and the graceful shutdown (lib/server-shutdown.ts).
 */
export function onServerStart(): void {
  try {
    env();
  } catch (error) {
    if (!(error instanceof InvalidSettingError)) throw error;
    console.error(`[tenantry] ${error.message}`);
    process.exit(1);
  }
  installServerHook();
  process.on("unhandledRejection", (reason) => logger().error({ err: reason }, "unhandled rejection"));
  collectProcessMetrics();
  installGracefulShutdown();
}
