"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { changeLifecycle, LIFECYCLE, LIFECYCLE_ACTIONS, scheduleDeletion } from "@/lib/directory";
import { env } from "@/lib/env";
import { TenancyError } from "@/lib/errors";
import { tenantAction } from "@/lib/tenancy";
import { formInput, parseOrThrow } from "@/lib/validation";

const lifecycleSchema = z
  .object({
    action: z.enum([...LIFECYCLE_ACTIONS, "delete"], { error: `One of: ${[...LIFECYCLE_ACTIONS, "delete"].join(", ")}.` }),
    confirm: z.string().max(100),
    reason: z.string().trim().max(300, "At most 300 characters.").optional(),
  })
  .strict();

// Suspend, resume, close or delete the workspace (owners). The owner types the workspace's address
// to confirm: these change what every member can do at once. Deleting closes it now and leaves its
// erasure to an operator after the grace period.
export const changeWorkspaceStatusAction = tenantAction("tenant.lifecycle", async ({ tenant, actor }, form) => {
  const input = parseOrThrow(lifecycleSchema, formInput(form));
  if (input.confirm.trim() !== tenant.slug) {
    throw new TenancyError("invalid_request", undefined, { confirm: [`Type ${tenant.slug} to confirm.`] });
  }
  if (input.action === "delete") {
    const due = await scheduleDeletion(tenant.id, actor, input.reason || null, env().TENANTRY_DELETION_GRACE_DAYS);
    revalidatePath("/", "layout");
    return { ok: true, message: `The workspace is closed, and its data will be erased on ${due.toISOString().slice(0, 10)}.` };
  }
  await changeLifecycle(tenant.id, input.action, actor, input.reason || null);
  revalidatePath("/", "layout");
  return { ok: true, message: `The workspace is ${LIFECYCLE[input.action].done}.` };
});
