import { env, InvalidSettingError } from "./env";
import { installServerHook } from "./security/server-hook";

/**
 * What an app server does before its first request (called from instrumentation.ts):
 * - checks the settings, so a bad value stops the process at once with the variable's name
 *   instead of failing at the first request that reads it;
 * - installs the raw request hook (lib/security/server-hook.ts): every request stamped with the
 *   address of its connection, and methods Next cannot handle refused with 405.
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
}
