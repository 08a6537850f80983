import { z } from "zod";
import { isSlugTaken, newSlugSchema, provisionTenant, userByEmail, type NewOwner } from "@/lib/directory";
import { TenancyError } from "@/lib/errors";
import { violatedUniqueConstraint } from "@/lib/tenancy";
import { parseOrThrow } from "@/lib/validation";
import { checkCredentials } from "./credentials";
import { hashPassword, newPassword } from "./password";

export const signUpSchema = z.object({
  company: z.string().trim().min(1, "Enter your company's name.").max(100, "At most 100 characters."),
  slug: newSlugSchema,
  name: z.string().trim().min(1, "Enter your name.").max(120, "At most 120 characters."),
  email: z.string().trim().toLowerCase().email("Enter a valid email address.").max(254),
  password: newPassword,
});

/**
 * Provisions a company: its tenant, its first user (or an existing one who proves their password)
 * and that user's owner membership, all in one transaction.
 *
 * Sign-up must be no better an oracle than sign-in. The address is checked first, for everyone,
 * so a taken address gets the same answer whatever email and password come with it, and no
 * password is looked at. Only then is an existing account's password checked, through the very
 * check sign-in uses (same counters, same limits, refused unseen when over them). A new account's
 * password is hashed at about the cost of that check, so the two take comparable time.
 */
export async function signUp(input: unknown, clientAddress: string): Promise<{ tenantId: string; userId: string; slug: string }> {
  const data = parseOrThrow(signUpSchema, input);
  if (await isSlugTaken(data.slug)) throw slugTaken();
  const existing = await userByEmail(data.email);
  let owner: NewOwner;
  if (existing) {
    const user = await checkCredentials(data.email, data.password, clientAddress);
    if (user === "throttled") throw new TenancyError("too_many_attempts");
    if (!user) throw credentialsRefused();
    owner = { userId: user.id, name: user.name };
  } else {
    owner = { email: data.email, name: data.name, passwordHash: await hashPassword(data.password) };
  }
  try {
    const { tenantId, userId } = await provisionTenant({ slug: data.slug, name: data.company, owner });
    return { tenantId, userId, slug: data.slug };
  } catch (error) {
    // Someone took the address (or the email) a moment ago.
    const constraint = violatedUniqueConstraint(error);
    if (constraint !== null) throw constraint.startsWith("tenants_slug") ? slugTaken() : credentialsRefused();
    throw error;
  }
}

const slugTaken = () => new TenancyError("invalid_request", "The request is invalid.", { slug: ["That address is taken."] });
// The same words as a failed sign-in: sign-up does not reveal more about accounts than it does.
const credentialsRefused = () => new TenancyError("invalid_request", "The request is invalid.", { email: ["That email and password do not match an account."] });
