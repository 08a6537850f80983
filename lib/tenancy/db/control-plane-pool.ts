import pg from "pg";
import { databaseUrl, env } from "@/lib/env";
import { statementsOf, watchPool } from "@/lib/observability/metrics";
import { rethrowUnavailable } from "./db-errors";
import { guarded, watchIdleConnections } from "./guarded-client";
import { PgListener } from "./pg-listener";

/** SQL on the control plane, outside any tenant binding. */
export type ControlPlaneSql = {
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
};

/**
 * The control plane's own pool: the directory (tenants, users, the access indexes, sign-in
 * throttling) reads and writes through it, never through a tenant's database handle. No tenant
 * is bound on it, so a tenant table read through here shows nothing and refuses every write,
 * except inside `transaction(tenantId, …)`, which binds one (provisioning a tenant's first rows).
 */
export class ControlPlanePool implements ControlPlaneSql {
  readonly #pool: pg.Pool;
  readonly #changes: PgListener;
  readonly #changeListeners = new Set<(tenantId: string | null) => void>();

  constructor(connectionString: string, max: number) {
    const pool = (this.#pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: env().TENANTRY_POOL_WAIT_MS, application_name: "tenantry:directory" }));
    watchPool("directory", () => pool);
    watchIdleConnections(pool, "directory");
    this.#changes = new PgListener(connectionString, TENANT_CHANGES, {
      notify: (tenantId) => this.#changeListeners.forEach((listener) => listener(tenantId)),
      resync: () => this.#changeListeners.forEach((listener) => listener(null)),
    });
  }

  /**
   * Calls `listener` whenever any instance commits a change to a tenant's directory entry (its
   * status, for one), with the tenant's id; with null after a lost connection, when changes may
   * have been missed. Caches of the directory drop what they hold on it, instead of waiting out
   * their TTL.
   */
  onTenantChange(listener: (tenantId: string | null) => void): void {
    this.#changeListeners.add(listener);
    this.#changes.startRetrying();
  }

  /** Whether this instance hears the directory's changes: see PgListener.state. */
  get changesListener(): PgListener["state"] {
    return this.#changes.state;
  }

  query<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<pg.QueryResult<R>> {
    statementsOf.directory.inc();
    return this.#pool.query<R>(text, values).catch(rethrowUnavailable);
  }

  /** Runs `fn` in one transaction; `bindTenant(id)` binds a tenant for the rest of it. */
  async transaction<T>(fn: (sql: ControlPlaneSql, bindTenant: (tenantId: string) => Promise<void>) => Promise<T>): Promise<T> {
    const client = guarded(await this.#pool.connect().catch(rethrowUnavailable), () => {});
    try {
      await client.query("BEGIN");
      const result = await fn(client, async (tenantId) => {
        await client.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
      });
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      rethrowUnavailable(error);
    } finally {
      client.release();
    }
  }

  end(): Promise<void> {
    this.#changes.close();
    return this.#pool.end();
  }
}

/** The channel directory.change_tenant_status() notifies with the tenant's id (migration 20261203020000). */
const TENANT_CHANGES = "tenantry_directory";

const globalForControlPlane = globalThis as unknown as { controlPlane?: ControlPlanePool };

/** The process-wide control-plane pool, kept across dev hot reloads. */
export function controlPlane(): ControlPlanePool {
  globalForControlPlane.controlPlane ??= new ControlPlanePool(databaseUrl(), Math.max(2, Math.ceil(env().DATABASE_POOL_SIZE / 2)));
  return globalForControlPlane.controlPlane;
}
