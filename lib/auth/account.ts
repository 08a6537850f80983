import { z } from "zod";
import { changePassword, renameUser } from "@/lib/directory";
import { TenancyError } from "@/lib/errors";
import { parseOrThrow } from "@/lib/validation";
import { checkCredentials } from "./credentials";
import { hashPassword, newPassword } from "./password";
import type { SessionUser } from "./session";

// What a signed-in person changes about their own account, on /account.

const nameSchema = z.object({ name: z.string().trim().min(1, "Enter your name.").max(120, "At most 120 characters.") }).strict();
const passwordChangeSchema = z.object({ current: z.string().min(1, "Enter your current password.").max(1000), password: newPassword }).strict();

export async function renameAccount(user: SessionUser, input: unknown): Promise<string> {
  const { name } = parseOrThrow(nameSchema, input);
  await renameUser(user.id, name);
  return name;
}

/**
 * A new password, given the current one (checked like a sign-in: counted, and refused while the
 * account is over its failure limit). Every other session of the account ends; this one stays.
 */
export async function changeOwnPassword(user: SessionUser, input: unknown, clientAddress: string, sessionId: string): Promise<void> {
  const { current, password } = parseOrThrow(passwordChangeSchema, input);
  const checked = await checkCredentials(user.email, current, clientAddress);
  if (checked === "throttled") throw new TenancyError("too_many_attempts");
  if (!checked || checked.id !== user.id) throw new TenancyError("invalid_request", "The request is invalid.", { current: ["That is not your current password."] });
  await changePassword(user.id, await hashPassword(password), sessionId);
}
