"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { changeRole, leaveWorkspace, removeMember, transferOwnership } from "@/lib/members/memberships";
import { tenantAction } from "@/lib/tenancy";
import { formId, formInput, parseOrThrow } from "@/lib/validation";

// Changing roles and removing people: admins and up (owners alone for anything touching an
// owner, which lib/members checks). The person's user id comes from the form; the tenant never does.
export const changeRoleAction = tenantAction("member.manage", async (ctx, form) => {
  const changed = await changeRole(ctx, formInput(form));
  revalidatePath("/members");
  return { ok: true, message: changed ? "Role changed." : "That is their role already." };
});

export const removeMemberAction = tenantAction("member.manage", async (ctx, form) => {
  const { name } = await removeMember(ctx, formId(form));
  revalidatePath("/members");
  return { ok: true, message: `${name} was removed from the workspace.` };
});

export const transferOwnershipAction = tenantAction("member.ownership", async (ctx, form) => {
  const { name } = await transferOwnership(ctx, formId(form));
  revalidatePath("/members");
  return { ok: true, message: `${name} is now the owner; you are an admin.` };
});

// Leaving ends this person's access here; they land on the product's front page.
export const leaveWorkspaceAction = tenantAction("workspace.leave", async (ctx, form) => {
  parseOrThrow(z.object({}).strict(), formInput(form)); // the form has no fields: any is forged
  await leaveWorkspace(ctx);
  redirect("/?left=1");
});
