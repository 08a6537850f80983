import { randomBytes } from "node:crypto";
import { z } from "zod";
import { newSlugSchema } from "@/lib/directory";
import { hashPassword } from "@/lib/auth/password";
import { isSlugTaken, listPlans, provisionTenant, userByEmail, type NewOwner } from "@/lib/directory";
import { TenancyError } from "@/lib/errors";
import type { Actor } from "@/lib/events/actor";
import { violatedUniqueConstraint } from "@/lib/tenancy";
import { parseOrThrow } from "@/lib/validation";

export const provisionSchema = z
  .object({
    slug: newSlugSchema,
    name: z.string().trim().min(1, "Enter the company's name.").max(100, "At most 100 characters."),
    owner: z
      .object({
        email: z.string().trim().toLowerCase().email("Enter a valid email address.").max(254),
        name: z.string().trim().min(1, "Enter the owner's name.").max(120, "At most 120 characters."),
      })
      .strict(),
    plan: z.string().trim().max(40).default("free"),
    demoData: z.boolean().default(false),
  })
  .strict();

const OPERATOR_API: Actor = { kind: "operator", id: null, name: "operator API" };

export type Provisioned = { tenant: { id: string; slug: string; plan: string }; owner: { id: string; email: string; created: boolean; password?: string } };

/**
 * Provisions a workspace for the operator API, in one transaction: tenant, owner, plan and
 * optional demo data. An owner email that has an account makes that account the owner as it is; a
 * new one gets a first password, answered once (as `tenantry tenants create` prints it once).
 */
export async function provisionForOperator(input: unknown): Promise<Provisioned> {
  const data = parseOrThrow(provisionSchema, input);
  const plans = await listPlans();
  if (!plans.some((p) => p.id === data.plan)) throw new TenancyError("invalid_request", undefined, { plan: [`One of: ${plans.map((p) => p.id).join(", ")}.`] });
  const taken = () => new TenancyError("invalid_request", undefined, { slug: ["That address is taken (or a deleted workspace had it)."] });
  if (await isSlugTaken(data.slug)) throw taken();
  const existing = await userByEmail(data.owner.email);
  const password = existing ? undefined : randomBytes(12).toString("base64url");
  const owner: NewOwner = existing ? { userId: existing.id, name: existing.name } : { email: data.owner.email, name: data.owner.name, passwordHash: await hashPassword(password!) };
  try {
    const { tenantId, userId } = await provisionTenant({ slug: data.slug, name: data.name, owner, createdBy: OPERATOR_API, plan: data.plan, demoData: data.demoData });
    return { tenant: { id: tenantId, slug: data.slug, plan: data.plan }, owner: { id: userId, email: data.owner.email, created: !existing, ...(password ? { password } : {}) } };
  } catch (error) {
    // Someone took the address (or made the account) a moment ago: the caller may simply retry.
    const constraint = violatedUniqueConstraint(error);
    if (constraint?.startsWith("tenants_slug")) throw taken();
    if (constraint !== null) throw new TenancyError("invalid_request", undefined, { owner: ["An account with this email was made a moment ago: retry."] });
    throw error;
  }
}
