import { storeSignInToken, useSignInToken } from "@/lib/directory";
import { isSecretToken, newSecretToken, secretDigest } from "@/lib/secret-token";

/** A single-use token, valid for a minute, that signs `userId` in on another host. */
export async function createHandoffToken(userId: string): Promise<string> {
  const token = newSecretToken();
  await storeSignInToken(secretDigest(token), userId);
  return token;
}

/** Uses the token up (atomically: a second use finds nothing) and returns whose it was. */
export async function consumeHandoffToken(token: string): Promise<{ id: string; email: string; name: string } | null> {
  if (!isSecretToken(token)) return null;
  return useSignInToken(secretDigest(token));
}
