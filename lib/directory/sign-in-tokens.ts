import { controlPlane } from "@/lib/tenancy/db/control-plane-pool";

/** Stores a one-time sign-in token's hash for `userId` on `tenantId`'s workspace, valid for a minute. */
export async function storeSignInToken(tokenHash: Uint8Array, userId: string, tenantId: string): Promise<void> {
  await controlPlane().query(
    "SELECT directory.store_sign_in_token($1, $2, $3)",
    [tokenHash, userId, tenantId],
  );
}

/**
 * Uses the token up on `tenantId`'s workspace (atomically: a second use finds nothing; on another
 * workspace it is not found) and returns whose it was.
 */
export async function useSignInToken(tokenHash: Uint8Array, tenantId: string): Promise<{ id: string; email: string; name: string } | null> {
  const { rows } = await controlPlane().query<{ id: string; email: string; name: string }>(
    // The CTE calls the function once, not once per user row.
    `WITH used AS (SELECT directory.use_sign_in_token($1, $2) AS user_id)
     SELECT u.id, u.email, u.name FROM used JOIN users u ON u.id = used.user_id`,
    [tokenHash, tenantId],
  );
  return rows[0] ?? null;
}
