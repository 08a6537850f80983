import type { QueryResult, QueryResultRow } from "pg";
import { createPrismaClient, type PrismaHandle } from "./prisma-client";
import { scopedClient, type TenantDb } from "./scoped-client";
import { runInTenant, type TenantTx } from "./scoped-transaction";
import { tenantSchema, type Tenant } from "./tenant";
import { TtlCache } from "./ttl-cache";

/**
 * The app's one door to the database: tenant data only through a client bound to a tenant, and
 * read-only lookups of the tenant directory. Its Prisma client is strict: a statement with no
 * tenant bound is refused before it reaches Postgres. A dedicated database per tenant would slot
 * in here, choosing the handle by tenant before binding.
 */
export class TenantDatabase {
  readonly #handle: PrismaHandle;
  readonly #directory: TtlCache<Tenant | null>;

  constructor(connectionString: string, poolSize?: number, directoryCacheMs = 0) {
    this.#handle = createPrismaClient(connectionString, poolSize, { strict: true });
    this.#directory = new TtlCache(directoryCacheMs);
  }

  /** A client whose every call is bound to `tenantId`. */
  client(tenantId: string): TenantDb {
    return scopedClient(this.#handle.prisma, tenantId);
  }

  /** Runs `fn` in one interactive transaction bound to `tenantId`. */
  run<T>(tenantId: string, fn: (tx: TenantTx) => Promise<T>): Promise<T> {
    return runInTenant(this.#handle.prisma, tenantId, fn);
  }

  findTenantBySlug(slug: string): Promise<Tenant | null> {
    return this.#directory.get(`slug:${slug}`, () => this.#findTenant("slug", slug));
  }

  findTenantById(id: string): Promise<Tenant | null> {
    return this.#directory.get(`id:${id}`, () => this.#findTenant("id", id));
  }

  /** The tenant a verified custom domain serves. */
  findTenantByDomain(hostname: string): Promise<Tenant | null> {
    return this.#directory.get(`domain:${hostname}`, async () => {
      const { rows } = await this.#handle.pool.unscoped("SELECT id, slug, name, status, plan FROM tenant_for_domain($1)", [hostname]);
      return rows[0] ? tenantSchema.parse(rows[0]) : null;
    });
  }

  async #findTenant(column: "slug" | "id", value: string): Promise<Tenant | null> {
    const { rows } = await this.#handle.pool.unscoped(`SELECT id, slug, name, status, plan FROM tenants WHERE ${column} = $1`, [value]);
    return rows[0] ? tenantSchema.parse(rows[0]) : null;
  }

  /**
   * SQL on the tables outside row-level security (users, sign-in throttling, the tenant
   * directory). No tenant is bound, so a tenant table read through here shows nothing.
   */
  globalSql<R extends QueryResultRow>(text: string, values: unknown[] = []): Promise<QueryResult<R>> {
    return this.#handle.pool.unscoped<R>(text, values);
  }

  end(): Promise<void> {
    return this.#handle.end();
  }
}

const globalForDb = globalThis as unknown as { tenantDatabase?: TenantDatabase };

/** The process-wide instance, kept across dev hot reloads so pools are not leaked. */
export function tenantDatabase(): TenantDatabase {
  if (!globalForDb.tenantDatabase) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start the app with `npm run dev` or set it.");
    const poolSize = Number(process.env.DATABASE_POOL_SIZE ?? 10);
    const cacheMs = Number(process.env.TENANTRY_TENANT_CACHE_MS ?? 2000);
    globalForDb.tenantDatabase = new TenantDatabase(url, poolSize, cacheMs);
  }
  return globalForDb.tenantDatabase;
}
