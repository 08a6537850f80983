import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";

/** A Prisma client whose every query runs in one transaction bound to one tenant. */
export type TenantDb = Prisma.TransactionClient;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// A pool of N connections queues everyone else; a request should wait for a connection rather
// than fail after Prisma's 2 s default, and a transaction that runs away is cut at 15 s.
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 15_000 } as const;

/**
 * Runs `fn` in one transaction whose tenant is `tenantId`. The binding is transaction-local
 * (set_config(..., true)): it ends with COMMIT or ROLLBACK, so a pooled connection, or one
 * shared through PgBouncer in transaction mode, never carries it into another request.
 */
export function runInTenant<T>(
  prisma: PrismaClient,
  tenantId: string,
  fn: (db: TenantDb) => Promise<T>,
): Promise<T> {
  if (!UUID.test(tenantId)) throw new TypeError(`Not a tenant id: ${JSON.stringify(tenantId)}`);
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT set_config('app.tenant_id', ${tenantId}, true)`;
    return fn(tx);
  }, TRANSACTION_OPTIONS);
}
