import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { rethrowRefusal } from "./db-errors";
import type { PrismaLease } from "./dedicated-pools";
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
// The schema's model delegates, as the client names them (`employee`, `apiKey`, …).
const MODELS = new Set(Object.keys(Prisma.ModelName).map((name) => name[0].toLowerCase() + name.slice(1)));

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

/**
 * Where a scoped client's Prisma client comes from: the shared database's, always open, or a
 * dedicated database's, leased for each call (its pool may be closed between calls to make room).
 */
export type PrismaSource = PrismaClient | (() => Promise<PrismaLease>);

/** Runs `fn` with the source's client (leased for the call's duration, if it is leased). */
export function withPrisma<T>(source: PrismaSource, fn: (prisma: PrismaClient) => Promise<T>): Promise<T> {
  if (typeof source !== "function") return fn(source);
  return source().then((lease) => fn(lease.prisma).finally(lease.release));
}

export function scopedClient(source: PrismaSource, tenant: string | TenantBinding): TenantDb {
  const binding = typeof tenant === "string" ? tenantBinding(tenant) : tenant;
  // The model and method names are Prisma's, the same on every client of this schema: they are
  // looked up on the client a call gets, at the call.
  const call = (prop: string, op: string, args: unknown[]) =>
    withPrisma(source, (prisma) => {
      const delegate = (prisma as unknown as Record<string, Record<string, (...a: unknown[]) => Promise<unknown>>>)[prop];
      const unbatched = BATCHED_BY_PRISMA[op];
      // Prisma's promises are lazy: .then() starts the request, here, inside the binding.
      if (unbatched) return bindTenant(binding, () => delegate[unbatched](uniqueToFirst(args[0])).then(undefined, rethrowRefusal));
      return bindTenant(binding, () => delegate[op](...args).then(undefined, rethrowRefusal));
    });
  const models = new Map<string, object>();

  return new Proxy({} as TenantDb, {
    get(_, prop) {
      if (prop === "$transaction") {
        return (fn: unknown) => {
          if (typeof fn !== "function") throw new TypeError("Use db.$transaction(async (tx) => …); the array form is not supported.");
          return withPrisma(source, (prisma) => runInTenant(prisma, binding, fn as (tx: TenantTx) => Promise<unknown>));
        };
      }
      if (typeof prop !== "string") return undefined;
      if (prop.startsWith("$")) {
        // Raw queries ($queryRaw, $executeRaw, …); connection management is not for app code.
        if (!/^\$(query|execute)Raw/.test(prop)) return undefined;
        return (...args: unknown[]) =>
          withPrisma(source, (prisma) => {
            const raw = (prisma as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[prop];
            return bindTenant(binding, () => raw.apply(prisma, args).then(undefined, rethrowRefusal));
          });
      }
      if (!MODELS.has(prop)) return undefined;
      let delegate = models.get(prop);
      if (!delegate) {
        delegate = new Proxy({}, { get: (__, op) => (typeof op === "string" ? (...args: unknown[]) => call(prop, op, args) : undefined) });
        models.set(prop, delegate);
      }
      return delegate;
    },
  });
}

