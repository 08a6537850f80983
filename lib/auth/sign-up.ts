import { z } from "zod";
import { provisionTenant, SLUG_PATTERN, userByEmail } from "@/lib/directory";
import { TenancyError } from "@/lib/errors";
import { violatedUniqueConstraint } from "@/lib/tenancy";
import { parseOrThrow } from "@/lib/validation";
import { hashPassword, verifyPassword } from "./password";

// Addresses that belong to the product, never to a company.
export const RESERVED_SLUGS = new Set(["www", "api", "admin", "app", "auth", "mail", "status", "docs", "help", "support", "static", "assets", "blog", "billing"]);

export const signUpSchema = z.object({
  company: z.string().trim().min(1, "Enter your company's name.").max(100, "At most 100 characters."),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(SLUG_PATTERN, "3–40 lowercase letters, digits or hyphens, starting and ending with a letter or digit.")
    .refine((s) => !RESERVED_SLUGS.has(s), "That address is reserved."),
  name: z.string().trim().min(1, "Enter your name.").max(120, "At most 120 characters."),
  email: z.string().trim().toLowerCase().email("Enter a valid email address.").max(254),
  password: z.string().min(10, "At least 10 characters.").max(1000, "At most 1000 characters."),
});

/**
 * Provisions a company: its tenant, its first user (or an existing one who proves their password)
 * and that user's owner membership, all in one transaction. A taken address is a field error.
 */
export async function signUp(input: unknown): Promise<{ tenantId: string; userId: string; slug: string }> {
  const data = parseOrThrow(signUpSchema, input);
  const existing = await userByEmail(data.email);
  if (existing && !(existing.passwordHash && (await verifyPassword(existing.passwordHash, data.password)))) {
    // The same words as a failed sign-in: sign-up does not reveal who has an account either.
    throw new TenancyError("invalid_request", "The request is invalid.", { email: ["That email and password do not match an account."] });
  }
  try {
    const owner = existing
      ? { userId: existing.id, name: existing.name }
      : { email: data.email, name: data.name, passwordHash: await hashPassword(data.password) };
    const { tenantId, userId } = await provisionTenant({ slug: data.slug, name: data.company, owner });
    return { tenantId, userId, slug: data.slug };
  } catch (error) {
    const constraint = violatedUniqueConstraint(error);
    if (constraint !== null) {
      const field = constraint.startsWith("tenants_slug") ? "slug" : "email";
      const reason = field === "slug" ? "That address is taken." : "That email and password do not match an account.";
      throw new TenancyError("invalid_request", "The request is invalid.", { [field]: [reason] });
    }
    throw error;
  }
}
