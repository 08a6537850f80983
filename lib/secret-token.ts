import { createHash, randomBytes } from "node:crypto";

// The one recipe for every secret handed to a person once (API keys, invitation links, sign-in
// handoffs): 32 random bytes, stored only as a SHA-256. The secret is high-entropy, so a slow
// password hash would add nothing.

/** 32 random bytes as 43 base64url characters. */
export function newSecretToken(): string {
  return randomBytes(32).toString("base64url");
}

export function isSecretToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}

/** What is stored in place of a secret. */
export function secretDigest(secret: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createHash("sha256").update(secret).digest());
}
