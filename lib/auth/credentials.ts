import { userByEmail, type User } from "@/lib/directory";
import { hashPassword, verifyPassword } from "./password";
import { signInFailures } from "./throttle";

// Verified against when the account does not exist, so a miss takes as long as a wrong password.
let missingUserHash: Promise<string> | undefined;

/**
 * The one password check, for sign-in and for sign-up with an existing account alike: refused
 * unseen while the account or the client's address is over its failure limit, and every failure
 * counted against both, whether the account exists or not.
 */
export async function checkCredentials(email: string, password: string, address: string): Promise<User | "throttled" | null> {
  if (await signInFailures.isOver(email, address)) return "throttled";
  const user = await userByEmail(email);
  missingUserHash ??= hashPassword(crypto.randomUUID());
  const valid = await verifyPassword(user?.passwordHash ?? (await missingUserHash), password);
  if (!user || !valid) {
    await signInFailures.count(email, address);
    return null;
  }
  await signInFailures.forgive(email);
  return user;
}
