import { createHash, randomBytes } from "node:crypto";
import { globalSql } from "@/lib/tenancy/global-sql";

const hash = (token: string) => createHash("sha256").update(token).digest();

/** A single-use token, valid for a minute, that signs `userId` in on another host. */
export async function createHandoffToken(userId: string): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await globalSql("INSERT INTO sign_in_tokens (token_hash, user_id, expires_at) VALUES ($1, $2, now() + interval '1 minute')", [hash(token), userId]);
  return token;
}

/** Uses the token up (atomically: a second use finds nothing) and returns whose it was. */
export async function consumeHandoffToken(token: string): Promise<{ id: string; email: string; name: string } | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const { rows } = await globalSql<{ id: string; email: string; name: string }>(
    `WITH used AS (
       UPDATE sign_in_tokens SET used_at = now()
       WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
       RETURNING user_id)
     SELECT u.id, u.email, u.name FROM used JOIN users u ON u.id = used.user_id`,
    [hash(token)],
  );
  return rows[0] ?? null;
}
