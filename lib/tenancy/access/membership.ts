import type { Tenant } from "@/lib/directory";
import { env } from "@/lib/env";
import { TtlCache } from "@/lib/ttl-cache";
import { databaseRegistry } from "../db/database-registry";
import type { Role } from "./permissions";

// Asking Postgres for the role on every request cost more than the rest of an API request; each
// instance remembers a (tenant, user) → role answer for TENANTRY_TENANT_CACHE_MS (2 s), so a
// removed membership stops working within that time on every instance. Non-members are
// remembered too.
const globalForRoles = globalThis as unknown as { roles?: TtlCache<Role | null> };
const roles = () => (globalForRoles.roles ??= new TtlCache<Role | null>(env().TENANTRY_TENANT_CACHE_MS));

/** The user's role in the tenant (as of the cache window), or null for a non-member. Read under the tenant's binding. */
export function roleOf(tenant: Tenant, userId: string): Promise<Role | null> {
  return roles().get(`${tenant.id}:${userId}`, async () => {
    const membership = await databaseRegistry().clientFor(tenant).membership.findFirst({ where: { userId }, select: { role: true } });
    return membership?.role ?? null;
  });
}

/** Drops this instance's remembered role, after a change it made itself (e.g. a new membership). */
export function forgetRole(tenantId: string, userId: string): void {
  roles().delete(`${tenantId}:${userId}`);
}
