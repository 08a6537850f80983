import pg from "pg";
import { currentBoundTenant, UnscopedQueryError } from "./tenant-context";
import { TenantBoundQuery } from "./tenant-bound-query";

/**
 * A pg pool whose `query` binds every statement to the tenant of the calling context (one round
 * trip, see TenantBoundQuery). Prisma's adapter sends each statement that is not part of an
 * explicit transaction through here. A strict pool refuses statements with no tenant bound.
 */
export class TenantBindingPool extends pg.Pool {
  readonly strict: boolean;

  constructor(config: pg.PoolConfig, strict: boolean) {
    super(config);
    this.strict = strict;
  }

  // @ts-expect-error pg's overloads; the adapter only calls query(config) and awaits it.
  override query(config: pg.QueryConfig, values?: unknown[]) {
    const tenantId = currentBoundTenant(); // read now: pool waits resume in other contexts
    if (tenantId === undefined) {
      if (this.strict) return Promise.reject(new UnscopedQueryError());
      return super.query(config, values);
    }
    return this.#bound(tenantId, config);
  }

  /** Tenant directory lookups: the tenants table has no row-level security. */
  unscoped<R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
    return super.query<R>(text, values);
  }

  async #bound(tenantId: string, config: pg.QueryConfig) {
    const client = await this.connect();
    let failure: Error | undefined;
    try {
      return await new Promise<pg.QueryResult>((resolve, reject) => {
        client.query(new TenantBoundQuery(tenantId, config, (error, result) => (error ? reject(error) : resolve(result!))) as never);
      });
    } catch (error) {
      // An SQL error leaves the connection clean (its implicit transaction ended at Sync); any
      // other failure may not, so that connection is discarded.
      if (!(error instanceof pg.DatabaseError)) failure = error as Error;
      throw error;
    } finally {
      client.release(failure);
    }
  }
}
