"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { hashPassword } from "@/lib/auth/password";
import { signInWithPassword } from "@/lib/auth/session";
import { createUser } from "@/lib/directory";
import { TenancyError } from "@/lib/errors";
import { acceptInvitation, createInvitation, findOpenInvitation, revokeInvitation } from "@/lib/invitations/invitations";
import { forgetRole, tenantAction, tenantPath, violatedUniqueConstraint, type TenantContext } from "@/lib/tenancy";
import { formId, parseOrThrow } from "@/lib/validation";

// Invite an email with a role; admins and up. The link is in the answer once.
export const inviteAction = tenantAction("member.invite", async ({ db, actor }, form) => {
  const invitation = await createInvitation(db, { email: form.get("email"), role: form.get("role") }, actor);
  revalidatePath("/members");
  return { ok: true, message: `Invited ${invitation.email}. Send them this link; it works once, for 7 days.`, data: { path: `/invite/${invitation.token}` } };
});

export const revokeInvitationAction = tenantAction("member.invite", async ({ db, actor }, form) => {
  const id = z.uuid().safeParse(formId(form));
  if (!id.success || !(await revokeInvitation(db, id.data, actor))) throw new TenancyError("invalid_request", "That invitation is no longer open.");
  revalidatePath("/members");
  return { ok: true, message: "Invitation revoked." };
});

async function acceptAndOpen({ db, tenant }: TenantContext, token: string, user: { id: string; email: string; name: string }): Promise<never> {
  await acceptInvitation(db, token, user);
  forgetRole(tenant.id, user.id);
  redirect(await tenantPath("/"));
}

// The signed-in user accepts; the invitation must be for their email. Invitees are not members
// yet, so this runs as a visitor, but it is a write: a suspended workspace refuses it.
export const acceptInvitationAction = tenantAction({ visitor: "write" }, async (ctx, form) => {
  const user = ctx.caller.kind === "visitor" ? ctx.caller.user : null;
  if (!user) throw new TenancyError("unauthenticated", "Sign in to accept.");
  return acceptAndOpen(ctx, String(form.get("token")), user);
});

const accountSchema = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(120, "At most 120 characters."),
  password: z.string().min(10, "At least 10 characters.").max(1000, "At most 1000 characters."),
});

// Someone without an account creates one for the invited email, is signed in, and joins.
export const createAccountAndAcceptAction = tenantAction({ visitor: "write" }, async (ctx, form) => {
  const token = String(form.get("token"));
  const { name, password } = parseOrThrow(accountSchema, { name: form.get("name"), password: form.get("password") });
  const invitation = await findOpenInvitation(ctx.db, token);
  if (!invitation) throw new TenancyError("invalid_request", "This invitation is no longer valid.");
  const userId = await createUser({ email: invitation.email, name, passwordHash: await hashPassword(password) }).catch((error) => {
    if (violatedUniqueConstraint(error) === null) throw error;
    throw new TenancyError("invalid_request", "The request is invalid.", { password: ["An account with this email exists: sign in to accept instead."] });
  });
  await signInWithPassword(invitation.email, password, null);
  return acceptAndOpen(ctx, token, { id: userId, email: invitation.email, name });
});
