import type { PrismaClient } from "@/lib/generated/prisma/client";
import { rethrowRefusal } from "./db-errors";
import { runInTenant, type TenantTx } from "./scoped-transaction";
import { bindTenant, tenantBinding, type TenantBinding } from "./tenant-context";

/**
 * What app code queries with: Prisma's client, bound to one tenant. Each call is one statement in
 * its own transaction bound to the tenant (one round trip); `$transaction(fn)` runs several
 * statements atomically in one bound interactive transaction.
 */
export type TenantDb = TenantTx & {
  $transaction<T>(fn: (tx: TenantTx) => Promise<T>): Promise<T>;
};

// Prisma batches findUnique calls made in the same tick into one statement, and runs that batch
// in the context of the first caller: two tenants' lookups could then run as one tenant. They are
// sent as the equivalent findFirst, which Prisma never batches: one bound statement, like any
// other call, and no interactive transaction holding a pooled connection.
const BATCHED_BY_PRISMA: Record<string, string> = { findUnique: "findFirst", findUniqueOrThrow: "findFirstOrThrow" };

/**
 * A findUnique `where` as a findFirst `where`: a compound key such as
 * `{ tenantId_email: { tenantId, email } }` becomes its fields, `{ tenantId, email }`.
 */
export function uniqueToFirst(args: unknown): unknown {
  if (!args || typeof args !== "object" || !("where" in args)) return args;
  const where = args.where as Record<string, unknown>;
  const flat: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(where)) {
    const isCompound = value !== null && typeof value === "object" && !Array.isArray(value) && key === Object.keys(value).join("_");
    if (isCompound) Object.assign(flat, value);
    else flat[key] = value;
  }
  return { ...args, where: flat };
}

export function scopedClient(prisma: PrismaClient, tenant: string | TenantBinding): TenantDb {
  const binding = typeof tenant === "string" ? tenantBinding(tenant) : tenant;
  const models = new Map<string, object>();
  const client = prisma as unknown as Record<string, unknown>;

  function model(delegate: Record<string, unknown>) {
    return new Proxy(delegate, {
      get(target, op) {
        const method = target[op as string];
        if (typeof method !== "function" || typeof op !== "string") return method;
        const unbatched = BATCHED_BY_PRISMA[op];
        if (unbatched) {
          const first = target[unbatched] as (...a: unknown[]) => Promise<unknown>;
          return (args: unknown) => bindTenant(binding, () => first.call(target, uniqueToFirst(args)).then(undefined, rethrowRefusal));
        }
        // Prisma's promises are lazy: .then() starts the request, here, inside the binding.
        return (...args: unknown[]) => bindTenant(binding, () => (method.apply(target, args) as Promise<unknown>).then(undefined, rethrowRefusal));
      },
    });
  }

  return new Proxy({} as TenantDb, {
    get(_, prop) {
      if (prop === "$transaction") {
        return (fn: unknown) => {
          if (typeof fn !== "function") throw new TypeError("Use db.$transaction(async (tx) => …); the array form is not supported.");
          return runInTenant(prisma, binding, fn as (tx: TenantTx) => Promise<unknown>);
        };
      }
      if (typeof prop !== "string") return undefined;
      const value = client[prop];
      if (prop.startsWith("$")) {
        // Raw queries ($queryRaw, $executeRaw, …); connection management is not for app code.
        if (!/^\$(query|execute)Raw/.test(prop) || typeof value !== "function") return undefined;
        return (...args: unknown[]) => bindTenant(binding, () => (value.apply(prisma, args) as Promise<unknown>).then(undefined, rethrowRefusal));
      }
      if (value === null || typeof value !== "object") return undefined;
      let delegate = models.get(prop);
      if (!delegate) models.set(prop, (delegate = model(value as Record<string, unknown>)));
      return delegate;
    },
  });
}

