import { isSecretToken, newSecretToken, secretDigest } from "@/lib/secret-token";
import { globalSql } from "@/lib/tenancy/global-sql";

/** A single-use token, valid for a minute, that signs `userId` in on another host. */
export async function createHandoffToken(userId: string): Promise<string> {
  const token = newSecretToken();
  await globalSql("INSERT INTO sign_in_tokens (token_hash, user_id, expires_at) VALUES ($1, $2, now() + interval '1 minute')", [secretDigest(token), userId]);
  return token;
}

/** Uses the token up (atomically: a second use finds nothing) and returns whose it was. */
export async function consumeHandoffToken(token: string): Promise<{ id: string; email: string; name: string } | null> {
  if (!isSecretToken(token)) return null;
  const { rows } = await globalSql<{ id: string; email: string; name: string }>(
    `WITH used AS (
       UPDATE sign_in_tokens SET used_at = now()
       WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
       RETURNING user_id)
     SELECT u.id, u.email, u.name FROM used JOIN users u ON u.id = used.user_id`,
    [secretDigest(token)],
  );
  return rows[0] ?? null;
}
