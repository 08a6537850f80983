import { PrismaClient } from "@/lib/generated/prisma/client";
import { tenantBindingAdapter } from "./tenant-binding-adapter";
import { TenantBindingPool } from "./tenant-binding-pool";

export type PrismaHandle = { prisma: PrismaClient; pool: TenantBindingPool; end(): Promise<void> };

/**
 * A Prisma client over its own pool that binds each statement and transaction to the tenant of
 * the calling context (see tenant-context.ts). A strict client refuses any statement with no
 * tenant bound: the app's client is strict; operator scripts use a lenient one. Only lib/tenancy
 * and the operator scripts call this.
 */
export function createPrismaClient(connectionString: string, poolSize = 10, { strict = false } = {}): PrismaHandle {
  const pool = new TenantBindingPool({ connectionString, max: poolSize }, strict);
  const prisma = new PrismaClient({ adapter: tenantBindingAdapter(pool) });
  return {
    prisma,
    pool,
    // $disconnect() leaves a pool passed in open, so end it here.
    async end() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
