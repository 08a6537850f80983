import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { rethrowRefusal } from "./db-errors";
import { bindTenant, type TenantBinding } from "./tenant-context";

/** A Prisma client inside one transaction bound to one tenant. */
export type TenantTx = Prisma.TransactionClient;

// A pool of N connections queues everyone else; a request should wait for a connection rather
// than fail after Prisma's 2 s default, and a transaction that runs away is cut at 15 s.
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 15_000 } as const;

/**
 * Runs `fn` in one interactive transaction bound to `tenant` (see TenantBinding), right after BEGIN
 * with set_config(..., true): it ends with COMMIT or ROLLBACK, so a pooled connection, or one
 * shared through PgBouncer in transaction mode, never carries it into another request.
 */
export function runInTenant<T>(prisma: PrismaClient, tenant: string | TenantBinding, fn: (tx: TenantTx) => Promise<T>): Promise<T> {
  return bindTenant(tenant, () => prisma.$transaction(fn, TRANSACTION_OPTIONS).catch(rethrowRefusal));
}
