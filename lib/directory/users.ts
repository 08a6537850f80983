import { controlPlane } from "@/lib/tenancy/db/control-plane-pool";
import type { TenantStatus } from "./tenant";

export type User = { id: string; email: string; name: string; passwordHash: string | null };

export async function userByEmail(email: string): Promise<User | null> {
  const { rows } = await controlPlane().query<User>(`SELECT id, email, name, password_hash AS "passwordHash" FROM users WHERE email = $1`, [email]);
  return rows[0] ?? null;
}

/** An account by id (a verified token's subject), without its password hash. */
export async function userById(id: string): Promise<{ id: string; email: string; name: string } | null> {
  const { rows } = await controlPlane().query<{ id: string; email: string; name: string }>("SELECT id, email, name FROM users WHERE id = $1", [id]);
  return rows[0] ?? null;
}

/** Creates an account; a taken email fails with Postgres's unique violation. */
export async function createUser(input: { email: string; name: string; passwordHash: string }): Promise<string> {
  const { rows } = await controlPlane().query<{ id: string }>(
    "INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3) RETURNING id",
    [input.email, input.name, input.passwordHash],
  );
  return rows[0].id;
}

export type Workspace = { tenantId: string; slug: string; name: string; status: TenantStatus; role: string };

/** Every workspace the user belongs to, from the control plane's membership index. */
export async function workspacesOf(userId: string): Promise<Workspace[]> {
  const { rows } = await controlPlane().query<Workspace>(
    `SELECT tenant_id AS "tenantId", slug, name, status, role FROM directory.workspaces_of($1)`,
    [userId],
  );
  return rows;
}
