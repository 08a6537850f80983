import { createPrismaClient, type PrismaHandle } from "./prisma-client";
import { runInTenant, type TenantDb } from "./scoped-transaction";
import { tenantSchema, type Tenant } from "./tenant";

/**
 * The app's one door to the database: tenant data only inside a tenant-bound transaction, and
 * read-only lookups of the tenant directory. A dedicated database per tenant would slot in here,
 * choosing the handle by tenant before binding.
 */
export class TenantDatabase {
  readonly #handle: PrismaHandle;

  constructor(connectionString: string, poolSize?: number) {
    this.#handle = createPrismaClient(connectionString, poolSize);
  }

  run<T>(tenantId: string, fn: (db: TenantDb) => Promise<T>): Promise<T> {
    return runInTenant(this.#handle.prisma, tenantId, fn);
  }

  async findTenantBySlug(slug: string): Promise<Tenant | null> {
    const row = await this.#handle.prisma.tenant.findUnique({
      where: { slug },
      select: { id: true, slug: true, name: true, status: true, plan: true },
    });
    return row && tenantSchema.parse(row);
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
    globalForDb.tenantDatabase = new TenantDatabase(url, poolSize);
  }
  return globalForDb.tenantDatabase;
}
