// The tests' handle on tenant data: the app's own DatabaseRegistry (strict clients, the binding
// mode from TENANTRY_BINDING), for tenants in the shared placement, addressed by id.
import { env } from "@/lib/env";
import type { Actor } from "@/lib/events/actor";
import { DatabaseRegistry } from "@/lib/tenancy/db/database-registry";
import type { TenantTx } from "@/lib/tenancy";

export function testDatabase(url: string, poolSize: number) {
  const registry = new DatabaseRegistry({ url, poolSize, binding: env().TENANTRY_BINDING });
  const at = (id: string) => ({ id, placement: "shared" as const });
  return {
    client: (tenantId: string) => registry.clientFor(at(tenantId)),
    run: <T>(tenantId: string, fn: (tx: TenantTx) => Promise<T>) => registry.run(at(tenantId), fn),
    end: () => registry.end(),
  };
}

export type TestDatabase = ReturnType<typeof testDatabase>;

/** A user as the actor of a write made by a test. */
export const asUser = (id: string, name = "Test User"): Actor => ({ kind: "user", id, name });

/** An operator (the tests themselves) as the actor of a write that no user makes. */
export const TEST_OPERATOR: Actor = { kind: "operator", id: null, name: "tests" };
