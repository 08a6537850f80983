// What every `tenantry` command shares: a short-lived pool on the owner's connection, and output
// that is human by default and JSON with --json.
import { ControlPlanePool } from "@/lib/tenancy/db/control-plane-pool";

/** Runs `fn` with a pool on the owner's connection, closed afterwards whatever happens. */
export function poolRunner(adminUrl: () => string) {
  return async <T>(fn: (pool: ControlPlanePool) => Promise<T>): Promise<T> => {
    const pool = new ControlPlanePool(adminUrl(), 2);
    try {
      return await fn(pool);
    } finally {
      await pool.end();
    }
  };
}

/** `value` as JSON with --json, else `text`. */
export function print(json: boolean | undefined, value: unknown, text: string): void {
  process.stdout.write(`${json ? JSON.stringify(value, null, 2) : text}\n`);
}
