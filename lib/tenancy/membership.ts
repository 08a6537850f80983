import { cache } from "react";
import { cookies } from "next/headers";
import { auth } from "@/auth";
import { TenancyError } from "./errors";
import type { TenantDb } from "./scoped-client";
import type { Tenant } from "./tenant";
import { tenantDatabase } from "./tenant-database";
import { TtlCache } from "./ttl-cache";

export type Role = "owner" | "admin" | "member" | "viewer";

/** Who is acting, and as what, in the request's tenant. */
export type Caller = { userId: string; role: Role };

/** The user's role in the bound tenant, or null for a non-member. */
async function membershipRole(db: TenantDb, userId: string): Promise<Role | null> {
  const membership = await db.membership.findFirst({ where: { userId }, select: { role: true } });
  return membership?.role ?? null;
}

// Decrypting the session cookie and asking Postgres for the role cost more than the rest of an
// API request together; both answers are kept for the cache window (TENANTRY_TENANT_CACHE_MS,
// 2 s by default), so a removed membership stops working within that time on every instance.
const CACHE_MS = Number(process.env.TENANTRY_TENANT_CACHE_MS ?? 2000);
const sessions = new TtlCache<string | null>(CACHE_MS);
const roles = new TtlCache<Role | null>(CACHE_MS);

async function signedInUserId(): Promise<string | null> {
  const jar = await cookies();
  const token = jar.get("__Secure-authjs.session-token")?.value ?? jar.get("authjs.session-token")?.value;
  if (!token) return null;
  return sessions.get(token, async () => (await auth())?.user?.id ?? null);
}

/**
 * Opens the tenant for the signed-in user: 401 without a session, 403 without a membership (a
 * resolved tenant is used only after this). Memoised per server render, so a layout and its
 * page check once. A non-member is remembered like a role.
 */
export const accessTenant = cache(async (tenant: Tenant): Promise<{ db: TenantDb; caller: Caller }> => {
  const userId = await signedInUserId();
  if (!userId) throw new TenancyError("unauthenticated");
  const role = await currentRole(tenant.id, userId);
  if (!role) throw new TenancyError("forbidden");
  return { db: tenantDatabase().client(tenant.id), caller: { userId, role } };
});

/** The user's role in the tenant now (as of the cache window), or null for a non-member. */
export function currentRole(tenantId: string, userId: string): Promise<Role | null> {
  return roles.get(`${tenantId}:${userId}`, () => membershipRole(tenantDatabase().client(tenantId), userId));
}

/** Drops this instance's remembered role, after a change it made itself (e.g. a new membership). */
export function forgetRole(tenantId: string, userId: string): void {
  roles.delete(`${tenantId}:${userId}`);
}
