import { globalSql } from "@/lib/tenancy/global-sql";

export type SignInUser = { id: string; email: string; name: string; passwordHash: string | null };

export async function findUserByEmail(email: string): Promise<SignInUser | null> {
  const { rows } = await globalSql<SignInUser>(
    `SELECT id, email, name, password_hash AS "passwordHash" FROM users WHERE email = $1`,
    [email],
  );
  return rows[0] ?? null;
}

export type UserTenant = { tenantId: string; slug: string; name: string; status: string; role: string };

/** Every workspace the user belongs to, whichever tenant the request is for. */
export async function userTenants(userId: string): Promise<UserTenant[]> {
  const { rows } = await globalSql<UserTenant>(
    `SELECT tenant_id AS "tenantId", slug, name, status, role FROM user_tenants($1)`,
    [userId],
  );
  return rows;
}
