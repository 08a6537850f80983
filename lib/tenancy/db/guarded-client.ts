import type pg from "pg";
import { logger } from "@/lib/observability/logger";

// A connection the server ends (a restart, a failover, a shutdown) makes pg emit an error on the
// client, or on the pool for an idle one; with no listener it would be an uncaught exception in
// the process. These note it instead: the pool drops an idle connection itself, and the next
// statement on one in use fails, typed as a 503.

function noteLost(error: Error, what: string): void {
  logger().warn({ code: (error as { code?: string }).code, message: error.message }, `${what} was lost`);
}

/** Notes the loss of the pool's idle connections; the pool replaces them. */
export function watchIdleConnections(pool: { on(event: "error", listener: (error: Error) => void): unknown }, name: string): void {
  pool.on("error", (error) => noteLost(error, `an idle ${name} connection`));
}

/**
 * A checked-out connection, guarded while it is out: a loss is noted, and the pool discards the
 * connection on release. `onRelease` runs when it is given back.
 */
export function guarded(client: pg.PoolClient, onRelease: () => void): pg.PoolClient {
  let lost: Error | undefined;
  const onError = (error: Error) => {
    lost = error;
    noteLost(error, "a database connection in use");
  };
  client.on("error", onError);
  const release = client.release;
  client.release = (error?: Error | boolean) => {
    client.removeListener("error", onError);
    onRelease();
    return release.call(client, error ?? lost);
  };
  return client;
}
