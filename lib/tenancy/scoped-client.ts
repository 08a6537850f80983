import type { PrismaClient } from "@/lib/generated/prisma/client";
import { runInTenant, type TenantTx } from "./scoped-transaction";
import { bindTenant } from "./tenant-context";

/**
 * What app code queries with: Prisma's client, bound to one tenant. Each call is one statement in
 * its own transaction bound to the tenant (one round trip); `$transaction(fn)` runs several
 * statements atomically in one bound interactive transaction.
 */
export type TenantDb = TenantTx & {
  $transaction<T>(fn: (tx: TenantTx) => Promise<T>): Promise<T>;
};

// Prisma batches findUnique calls made in the same tick into one statement, and runs that batch
// in the context of the first caller: two tenants' lookups could then run as one tenant. These
// go through an interactive transaction instead, which Prisma never batches across.
const BATCHED_BY_PRISMA = new Set(["findUnique", "findUniqueOrThrow"]);

export function scopedClient(prisma: PrismaClient, tenantId: string): TenantDb {
  const models = new Map<string, object>();
  const client = prisma as unknown as Record<string, unknown>;

  function model(name: string, delegate: Record<string, unknown>) {
    return new Proxy(delegate, {
      get(target, op) {
        const method = target[op as string];
        if (typeof method !== "function" || typeof op !== "string") return method;
        if (BATCHED_BY_PRISMA.has(op)) {
          return (...args: unknown[]) =>
            runInTenant(prisma, tenantId, (tx) => (tx as unknown as Record<string, Record<string, (...a: unknown[]) => Promise<unknown>>>)[name][op](...args));
        }
        // Prisma's promises are lazy: .then() starts the request, here, inside the binding.
        return (...args: unknown[]) => bindTenant(tenantId, () => (method.apply(target, args) as Promise<unknown>).then());
      },
    });
  }

  return new Proxy({} as TenantDb, {
    get(_, prop) {
      if (prop === "$transaction") {
        return (fn: unknown) => {
          if (typeof fn !== "function") throw new TypeError("Use db.$transaction(async (tx) => …); the array form is not supported.");
          return runInTenant(prisma, tenantId, fn as (tx: TenantTx) => Promise<unknown>);
        };
      }
      if (typeof prop !== "string") return undefined;
      const value = client[prop];
      if (prop.startsWith("$")) {
        // Raw queries ($queryRaw, $executeRaw, …); connection management is not for app code.
        if (!/^\$(query|execute)Raw/.test(prop) || typeof value !== "function") return undefined;
        return (...args: unknown[]) => bindTenant(tenantId, () => (value.apply(prisma, args) as Promise<unknown>).then());
      }
      if (value === null || typeof value !== "object") return undefined;
      let delegate = models.get(prop);
      if (!delegate) models.set(prop, (delegate = model(prop, value as Record<string, unknown>)));
      return delegate;
    },
  });
}

