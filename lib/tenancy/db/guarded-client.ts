import type pg from "pg";
import { logger } from "@/lib/observability/logger";

/**
 * A checked-out connection that the server may end between two statements (a restart, a
 * failover): its error is noted, not thrown into the process (pg emits it on the client, and
 * nothing else listens while it is checked out). The next statement on it fails, typed as a 503,
 * and the pool discards it on release. `onRelease` runs when it is given back.
 */
export function guarded(client: pg.PoolClient, onRelease: () => void): pg.PoolClient {
  let lost: Error | undefined;
  const onError = (error: Error) => {
    lost = error;
    logger().warn({ code: (error as { code?: string }).code, message: error.message }, "a database connection in use was lost");
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
