import { hash, verify } from "@node-rs/argon2";
import { z } from "zod";

// argon2id with the library's defaults (19 MiB, 2 passes: OWASP's minimum recommendation).
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password);
}

/** The one rule for a password someone chooses (sign-up, invitation, reset, change). */
export const newPassword = z.string().min(10, "At least 10 characters.").max(1000, "At most 1000 characters.");
