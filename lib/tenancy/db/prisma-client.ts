import { PrismaClient } from "@/lib/generated/prisma/client";
import { watchIdleConnections } from "./guarded-client";
import { tenantBindingAdapter } from "./tenant-binding-adapter";
import { TenantBindingPool, type Binding } from "./tenant-binding-pool";

export type PrismaHandle = { prisma: PrismaClient; pool: TenantBindingPool; end(): Promise<void> };

export type PrismaOptions = { poolSize?: number; poolWaitMs?: number; tenantShare?: number; strict?: boolean; binding?: Binding };

/**
 * A Prisma client over its own pool that binds each statement and transaction to the tenant of
 * the calling context (see tenant-context.ts). A strict client refuses any statement with no
 * tenant bound: the app's clients are strict (database-registry.ts); operator scripts and the
 * benchmark's baselines use a lenient one.
 */
export function createPrismaClient(connectionString: string, { poolSize = 10, poolWaitMs = 10_000, tenantShare, strict = false, binding = "pipelined" }: PrismaOptions = {}): PrismaHandle {
  // A request waits at most poolWaitMs for a connection (a full pool, or a server that does not
  // answer), then fails with a typed 503 (db-errors.ts) instead of queueing without end.
  const pool = new TenantBindingPool({ connectionString, max: poolSize, connectionTimeoutMillis: poolWaitMs, application_name: "tenantry" }, { strict, binding, tenantShare });
  watchIdleConnections(pool, "database");
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
