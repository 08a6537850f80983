import { z } from "zod";
import { violatedUniqueConstraint } from "@/lib/tenancy/db-errors";
import { TenancyError } from "@/lib/tenancy/errors";
import { globalSql } from "@/lib/tenancy/global-sql";
import { SLUG_PATTERN } from "@/lib/tenancy/tenant";
import { parseOrThrow } from "@/lib/validation";
import { hashPassword, verifyPassword } from "./password";
import { findUserByEmail } from "./users";

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
  const existing = await findUserByEmail(data.email);
  if (existing && !(existing.passwordHash && (await verifyPassword(existing.passwordHash, data.password)))) {
    // The same words as a failed sign-in: sign-up does not reveal who has an account either.
    throw new TenancyError("invalid_request", "The request is invalid.", { email: ["That email and password do not match an account."] });
  }
  try {
    const { rows } = await globalSql<{ tenant_id: string; user_id: string }>(
      "SELECT tenant_id, user_id FROM provision_tenant($1, $2, $3, $4, $5, $6)",
      [data.slug, data.company, existing?.id ?? null, data.email, data.name, existing ? null : await hashPassword(data.password)],
    );
    return { tenantId: rows[0].tenant_id, userId: rows[0].user_id, slug: data.slug };
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
