import { storeSignInToken, useSignInToken } from "@/lib/directory";
import { isSecretToken, newSecretToken, secretDigest } from "@/lib/secret-token";

/** A single-use token, valid for a minute, that signs `userId` in on one workspace's host (its own cookies). */
export async function createHandoffToken(userId: string, tenantId: string): Promise<string> {
  const token = newSecretToken();
  await storeSignInToken(secretDigest(token), userId, tenantId);
  return token;
}

/** Uses the token up on the workspace `tenantId` (atomically: a second use finds nothing) and returns whose it was. */
export async function consumeHandoffToken(token: string, tenantId: string | null): Promise<{ id: string; email: string; name: string } | null> {
  if (!isSecretToken(token) || !tenantId) return null;
  return useSignInToken(secretDigest(token), tenantId);
}
