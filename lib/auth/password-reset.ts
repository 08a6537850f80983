import { z } from "zod";
import { passwordResetEmail, storePasswordReset, usePasswordReset, userByEmail } from "@/lib/directory";
import { passwordResetMail } from "@/lib/email/messages";
import type { Mail } from "@/lib/email/mailer";
import { TenancyError } from "@/lib/errors";
import { isSecretToken, newSecretToken, secretDigest } from "@/lib/secret-token";
import { parseOrThrow } from "@/lib/validation";
import { hashPassword, newPassword } from "./password";
import { attemptLimit, signInFailures } from "./throttle";

// "Forgot password?": a link by email, good once for RESET_MINUTES, stored only as a digest (the
// one-time-secret recipe). The answer to asking is the same whether or not the address has an
// account; asking is limited per address asked for and per client, like sign-in, so the form can
// neither find accounts nor flood someone's inbox. Using the link sets the password and ends every
// session of the account in one statement.

export const RESET_MINUTES = 30;
const resetRequests = attemptLimit({ account: "reset", address: "reset-address" }, { account: 3, address: 20 });

const requestSchema = z.object({ email: z.string().trim().toLowerCase().email("Enter a valid email address.").max(254, "At most 254 characters.") }).strict();
const resetSchema = z.object({ token: z.string().max(100), password: newPassword }).strict();

/**
 * Takes a request for a reset link. Returns the mail to send (after answering, so the time taken
 * does not tell whether the account exists), or null when there is no such account.
 */
export async function requestPasswordReset(input: unknown, clientAddress: string, linkFor: (token: string) => string): Promise<Mail | null> {
  const { email } = parseOrThrow(requestSchema, input);
  if (await resetRequests.isOver(email, clientAddress)) throw new TenancyError("too_many_attempts", "Too many reset requests. Wait 15 minutes, then try again.");
  await resetRequests.count(email, clientAddress);
  const user = await userByEmail(email);
  if (!user) return null;
  const token = newSecretToken();
  await storePasswordReset(secretDigest(token), user.id, RESET_MINUTES);
  return passwordResetMail({ to: user.email, link: linkFor(token), validMinutes: RESET_MINUTES });
}

/** The account a reset link is for, while it is still good. */
export function resetLinkEmail(token: string): Promise<string | null> {
  return isSecretToken(token) ? passwordResetEmail(secretDigest(token)) : Promise.resolve(null);
}

/** Sets the new password with a good link (every session of the account ends); returns the account's email. */
export async function resetPassword(input: unknown): Promise<string> {
  const { token, password } = parseOrThrow(resetSchema, input);
  const expired = () => new TenancyError("invalid_request", "This link is no longer valid: ask for a new one.");
  const email = await resetLinkEmail(token);
  if (!email) throw expired();
  const userId = await usePasswordReset(secretDigest(token), await hashPassword(password));
  if (!userId) throw expired();
  // The owner of the address may sign in, and ask for a reset, again at once.
  await Promise.all([signInFailures.forgive(email), resetRequests.forgive(email)]);
  return email;
}
