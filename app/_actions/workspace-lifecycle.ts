"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { changeLifecycle, LIFECYCLE, LIFECYCLE_ACTIONS } from "@/lib/directory";
import { TenancyError } from "@/lib/errors";
import { tenantAction } from "@/lib/tenancy";
import { formInput, parseOrThrow } from "@/lib/validation";

const lifecycleSchema = z
  .object({
    action: z.enum(LIFECYCLE_ACTIONS, { error: `One of: ${LIFECYCLE_ACTIONS.join(", ")}.` }),
    confirm: z.string().max(100),
    reason: z.string().trim().max(300, "At most 300 characters.").optional(),
  })
  .strict();

// Suspend, resume or close the workspace (owners). The owner types the workspace's address to
// confirm: these change what every member can do at once.
export const changeWorkspaceStatusAction = tenantAction("tenant.lifecycle", async ({ tenant, actor }, form) => {
  const input = parseOrThrow(lifecycleSchema, formInput(form));
  if (input.confirm.trim() !== tenant.slug) {
    throw new TenancyError("invalid_request", undefined, { confirm: [`Type ${tenant.slug} to confirm.`] });
  }
  await changeLifecycle(tenant.id, input.action, actor, input.reason || null);
  revalidatePath("/", "layout");
  return { ok: true, message: `The workspace is ${LIFECYCLE[input.action].done}.` };
});
