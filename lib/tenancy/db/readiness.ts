import pg from "pg";
import { isDraining } from "@/lib/draining";
import { databaseUrl } from "@/lib/env";
import { controlPlane } from "./control-plane-pool";
import { databaseRegistry } from "./database-registry";
import { watchIdleConnections } from "./guarded-client";
import { newestMigration } from "./schema-version";

export type Readiness = {
  ready: boolean;
  checks: {
    database: "ok" | "unreachable";
    /** The database's last migration against the newest the code ships. */
    migrations: "current" | "behind" | "ahead" | "unknown";
    /** The directory's change listener (caches drop on NOTIFY): idle until the first request. */
    listener: "idle" | "connected" | "reconnecting";
    /** The shared database's event listener (live updates): idle until the first event stream. */
    events: "idle" | "connected" | "reconnecting";
    /** Whether the instance is shutting down (it finishes what it has, and takes nothing new). */
    shutdown: "no" | "draining";
  };
};

const TIMEOUT_MS = 2000;

const globalForReadiness = globalThis as unknown as { readinessPool?: pg.Pool };

/**
 * Readiness asks on a connection of its own: in the directory's pool it would queue behind the
 * requests of an overload (every one resolves its tenant there) and answer "unreachable" for a
 * database that is only busy. One connection, that does not keep the process alive when idle.
 */
function probePool(): pg.Pool {
  if (!globalForReadiness.readinessPool) {
    const pool = new pg.Pool({ connectionString: databaseUrl(), max: 1, connectionTimeoutMillis: TIMEOUT_MS, allowExitOnIdle: true, application_name: "tenantry:ready" });
    watchIdleConnections(pool, "readiness");
    globalForReadiness.readinessPool = pool;
  }
  return globalForReadiness.readinessPool;
}

/**
 * Whether this instance can serve: the database answers within 2 s, its schema is the one the
 * code expects, and neither the directory's listener nor the shared database's event listener is
 * down after having started. One cheap query; no tenant data is read.
 */
export async function readiness(): Promise<Readiness> {
  const expected = await newestMigration();
  const applied = await Promise.race([
    probePool()
      .query<{ name: string }>("SELECT schema_version() AS name")
      .then((r) => r.rows[0].name)
      .catch(() => null),
    new Promise<null>((resolve) => setTimeout(() => resolve(null), TIMEOUT_MS).unref()),
  ]);
  const listener = controlPlane().changesListener;
  const events = databaseRegistry().sharedEventsListener;
  const migrations = applied === null ? "unknown" : applied === expected ? "current" : applied < expected ? "behind" : "ahead";
  const shutdown = isDraining() ? "draining" : "no";
  const checks: Readiness["checks"] = { database: applied === null ? "unreachable" : "ok", migrations, listener, events, shutdown };
  const listening = listener !== "reconnecting" && events !== "reconnecting";
  return { ready: checks.database === "ok" && migrations === "current" && listening && shutdown === "no", checks };
}
