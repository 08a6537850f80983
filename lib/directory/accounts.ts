import { controlPlane } from "@/lib/tenancy/db/control-plane-pool";

// A person's own account: the password-reset links (stored as digests, used up atomically) and
// the changes they make (migration 20261206010000). Setting a password always ends sessions in
// the same statement.

export async function storePasswordReset(tokenHash: Uint8Array, userId: string, minutes: number): Promise<void> {
  await controlPlane().query("SELECT directory.store_password_reset($1, $2, $3)", [tokenHash, userId, minutes]);
}

/** The email a still-good reset link is for, or null. */
export async function passwordResetEmail(tokenHash: Uint8Array): Promise<string | null> {
  const { rows } = await controlPlane().query<{ email: string | null }>("SELECT directory.password_reset_email($1) AS email", [tokenHash]);
  return rows[0]?.email ?? null;
}

/** Uses the link up, sets the password and ends every session; the account's id, or null if the link is not good. */
export async function usePasswordReset(tokenHash: Uint8Array, passwordHash: string): Promise<string | null> {
  const { rows } = await controlPlane().query<{ id: string | null }>("SELECT directory.use_password_reset($1, $2) AS id", [tokenHash, passwordHash]);
  return rows[0]?.id ?? null;
}

/** Sets the password and ends every other session of the account. */
export async function changePassword(userId: string, passwordHash: string, keepSession: string): Promise<void> {
  await controlPlane().query("SELECT directory.change_password($1, $2, $3)", [userId, passwordHash, keepSession]);
}

export async function renameUser(userId: string, name: string): Promise<void> {
  await controlPlane().query("UPDATE users SET name = $2 WHERE id = $1", [userId, name]);
}
