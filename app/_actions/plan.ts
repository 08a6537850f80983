"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { changePlan } from "@/lib/directory";
import { tenantAction } from "@/lib/tenancy";
import { formInput, parseOrThrow } from "@/lib/validation";

const planSchema = z.object({ plan: z.string().trim().min(1, "Choose a plan.").max(40, "At most 40 characters.") }).strict();

// An owner moves the workspace to another plan (no payment step yet: a billing provider's
// webhook would call changePlan the same way). A plan the current usage does not fit is refused
// with quota_exceeded, naming what to remove.
export const changePlanAction = tenantAction("tenant.plan", async ({ tenant, actor }, form) => {
  const { plan } = parseOrThrow(planSchema, formInput(form));
  const { from, to } = await changePlan(tenant.id, plan, actor);
  revalidatePath("/", "layout");
  return { ok: true, message: from === to.id ? `The workspace is already on ${to.name}.` : `The workspace is now on the ${to.name} plan.` };
});
