import { PrismaPg } from "@prisma/adapter-pg";
import { statementsOf } from "@/lib/observability/metrics";
import type pg from "pg";
import { currentBoundTenant, UnscopedQueryError } from "./tenant-context";
import { inlinedBindSql } from "./tenant-bound-query";
import type { TenantBindingPool } from "./tenant-binding-pool";

type Adapter = Awaited<ReturnType<PrismaPg["connect"]>>;

/**
 * Prisma's pg adapter over a TenantBindingPool, whose single statements are bound to the tenant
 * of the calling context. Transactions are bound too: right after BEGIN, set_config(..., true)
 * binds the tenant of the context that started the transaction, on the driver rather than as a
 * raw query through Prisma's engine (measured several times dearer than the round trip itself).
 */
export function tenantBindingAdapter(pool: TenantBindingPool): PrismaPg {
  // The override of pool.query narrows pg's overloads to the one form the adapter uses.
  const factory = new PrismaPg(pool as unknown as pg.Pool);
  return new Proxy(factory, {
    get(target, prop, receiver) {
      if (prop !== "connect") return Reflect.get(target, prop, receiver);
      return async () => bindTransactions(await target.connect(), pool.strict);
    },
  });
}

type Transaction = Awaited<ReturnType<Adapter["startTransaction"]>>;

/** A transaction whose statements are counted in the metrics. */
function counted(tx: Transaction): Transaction {
  return new Proxy(tx, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop !== "queryRaw" && prop !== "executeRaw") return value;
      return (...args: unknown[]) => {
        statementsOf.shared.inc();
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

function bindTransactions(adapter: Adapter, strict: boolean): Adapter {
  const startTransaction: Adapter["startTransaction"] = async (isolationLevel) => {
    const binding = currentBoundTenant(); // read before any await: later we may be in another context
    if (binding === undefined && strict) throw new UnscopedQueryError();
    const tx = counted(await adapter.startTransaction(isolationLevel));
    statementsOf.shared.inc(2); // BEGIN, COMMIT
    if (binding === undefined) return tx;
    try {
      await tx.executeRaw({ sql: inlinedBindSql(binding), args: [], argTypes: [] });
      return tx;
    } catch (error) {
      // Never hand an open, aborted transaction back to the pool.
      await tx.executeRaw({ sql: "ROLLBACK", args: [], argTypes: [] }).catch(() => {});
      await tx.rollback();
      throw error;
    }
  };
  return new Proxy(adapter, {
    get(target, prop, receiver) {
      return prop === "startTransaction" ? startTransaction : Reflect.get(target, prop, receiver);
    },
  });
}
