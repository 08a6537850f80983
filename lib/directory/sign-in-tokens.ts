import { controlPlane } from "@/lib/tenancy/db/control-plane-pool";

/** Stores a one-time sign-in token's hash for `userId`, valid for a minute. */
export async function storeSignInToken(tokenHash: Uint8Array, userId: string): Promise<void> {
  await controlPlane().query("INSERT INTO sign_in_tokens (token_hash, user_id, expires_at) VALUES ($1, $2, now() + interval '1 minute')", [tokenHash, userId]);
}

/** Uses the token up (atomically: a second use finds nothing) and returns whose it was. */
export async function useSignInToken(tokenHash: Uint8Array): Promise<{ id: string; email: string; name: string } | null> {
  const { rows } = await controlPlane().query<{ id: string; email: string; name: string }>(
    `WITH used AS (
       UPDATE sign_in_tokens SET used_at = now()
       WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
       RETURNING user_id)
     SELECT u.id, u.email, u.name FROM used JOIN users u ON u.id = used.user_id`,
    [tokenHash],
  );
  return rows[0] ?? null;
}
