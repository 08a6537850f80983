import pg from "pg";
import { statementsOf } from "@/lib/observability/metrics";
import { guarded } from "./guarded-client";
import { assertPipelinedBindingSupported, BIND_SQL, bindValues, TenantBoundQuery } from "./tenant-bound-query";
import { currentBoundTenant, UnscopedQueryError, type TenantBinding } from "./tenant-context";
import { TenantShare } from "./tenant-share";

/**
 * How a single statement is bound to its tenant. `pipelined`: set_config and the statement in one
 * round trip (TenantBoundQuery). `transaction`: the textbook BEGIN; set_config; statement; COMMIT,
 * four round trips, relying on nothing but pg's public API: the fallback if a pg release changes
 * the internals the pipelined path uses. Both are transaction-local, so both are PgBouncer-safe.
 */
export type Binding = "pipelined" | "transaction";

type ConnectCallback = (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void;

/**
 * A pg pool whose `query` binds every statement to the tenant of the calling context. Prisma's
 * adapter sends each statement that is not part of an explicit transaction through here. A strict
 * pool refuses statements with no tenant bound.
 */
export class TenantBindingPool extends pg.Pool {
  readonly strict: boolean;
  readonly binding: Binding;
  readonly #share: TenantShare | null;

  /** `tenantShare`: the most connections one tenant may hold at once (none: no cap). */
  constructor(config: pg.PoolConfig, { strict, binding, tenantShare }: { strict: boolean; binding: Binding; tenantShare?: number }) {
    super(config);
    if (binding === "pipelined") assertPipelinedBindingSupported();
    this.strict = strict;
    this.binding = binding;
    this.#share = tenantShare && tenantShare < (config.max ?? 10) ? new TenantShare(tenantShare, config.connectionTimeoutMillis ?? 10_000) : null;
  }

  /**
   * A connection, within the calling tenant's share of the pool: every bound statement and
   * transaction (Prisma's adapter asks here for both) counts against it until released.
   */
  override connect(): Promise<pg.PoolClient>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | void {
    const tenantId = currentBoundTenant()?.tenantId;
    if (callback) return super.connect(callback); // pg's own path, for unbound queries
    const share = this.#share;
    if (!share || tenantId === undefined) return super.connect().then((client) => guarded(client, () => {}));
    return share.acquire(tenantId).then(async (giveBack) => {
      try {
        return guarded(await super.connect(), giveBack);
      } catch (error) {
        giveBack();
        throw error;
      }
    });
  }

  // @ts-expect-error pg's overloads; the adapter only calls query(config) and awaits it.
  override query(config: pg.QueryConfig, values?: unknown[]) {
    const binding = currentBoundTenant(); // read now: pool waits resume in other contexts
    statementsOf.shared.inc();
    if (binding === undefined) {
      if (this.strict) return Promise.reject(new UnscopedQueryError());
      return super.query(config, values);
    }
    return this.#bound(binding, config);
  }

  async #bound(binding: TenantBinding, config: pg.QueryConfig) {
    const client = await this.connect();
    let failure: Error | undefined;
    try {
      return this.binding === "pipelined" ? await pipelined(client, binding, config) : await inTransaction(client, binding, config);
    } catch (error) {
      // An SQL error leaves the connection clean (its transaction ended); any other failure may
      // not, so that connection is discarded.
      if (!(error instanceof pg.DatabaseError)) failure = error as Error;
      throw error;
    } finally {
      client.release(failure);
    }
  }
}

function pipelined(client: pg.PoolClient, binding: TenantBinding, config: pg.QueryConfig): Promise<pg.QueryResult> {
  return new Promise<pg.QueryResult>((resolve, reject) => {
    client.query(new TenantBoundQuery(binding, config, (error, result) => (error ? reject(error) : resolve(result!))) as never);
  });
}

async function inTransaction(client: pg.PoolClient, binding: TenantBinding, config: pg.QueryConfig): Promise<pg.QueryResult> {
  await client.query("BEGIN");
  try {
    await client.query(BIND_SQL, bindValues(binding));
    const result = await client.query(config);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}
