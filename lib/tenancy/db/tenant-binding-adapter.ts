import { PrismaPg } from "@prisma/adapter-pg";
import type pg from "pg";
import { currentBoundTenant, UnscopedQueryError } from "./tenant-context";
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

function bindTransactions(adapter: Adapter, strict: boolean): Adapter {
  const startTransaction: Adapter["startTransaction"] = async (isolationLevel) => {
    const tenantId = currentBoundTenant(); // read before any await: later we may be in another context
    if (tenantId === undefined && strict) throw new UnscopedQueryError();
    const tx = await adapter.startTransaction(isolationLevel);
    if (tenantId === undefined) return tx;
    try {
      // Inlined (a validated UUID, see bindTenant) so it goes as one simple-protocol message.
      await tx.executeRaw({ sql: `SELECT set_config('app.tenant_id', '${tenantId}', true)`, args: [], argTypes: [] });
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
