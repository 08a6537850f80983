// The tests' handle on tenant data: the app's own DatabaseRegistry (strict clients, the binding
// mode from TENANTRY_BINDING), for tenants addressed by id: in the shared placement, unless
// `placed` gives a tenant's placement as the directory resolves it (a dedicated database).
import type { Tenant } from "@/lib/directory";
import { forgetTenants, tenantById } from "@/lib/directory/tenants";
import { env } from "@/lib/env";
import type { Actor } from "@/lib/events/actor";
import { DatabaseRegistry, type TenantPlacement } from "@/lib/tenancy/db/database-registry";
import type { TenantTx } from "@/lib/tenancy";

export function testDatabase(url: string, poolSize: number, placed = new Map<string, TenantPlacement>()) {
  // Dedicated pools as small as they go, under a budget smaller than the tenants placed: they are
  // closed and reopened under load, as an instance serving many dedicated tenants does.
  const registry = new DatabaseRegistry({ url, poolSize, binding: env().TENANTRY_BINDING, dedicated: { poolSize: 1, connections: 4 } });
  const at = (id: string): TenantPlacement => placed.get(id) ?? { id, placement: "shared" };
  return {
    client: (tenantId: string) => registry.clientFor(at(tenantId)),
    run: <T>(tenantId: string, fn: (tx: TenantTx) => Promise<T>) => registry.run(at(tenantId), fn),
    end: () => registry.end(),
  };
}

export type TestDatabase = ReturnType<typeof testDatabase>;

/** The tenant as a fresh request would resolve it (what this process remembers forgotten first): after a move, its new placement. */
export async function resolvedTenant(id: string): Promise<Tenant> {
  forgetTenants();
  return (await tenantById(id))!;
}

/** A user as the actor of a write made by a test. */
export const asUser = (id: string, name = "Test User"): Actor => ({ kind: "user", id, name });

/** An operator (the tests themselves) as the actor of a write that no user makes. */
export const TEST_OPERATOR: Actor = { kind: "operator", id: null, name: "tests" };
