"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { hashPassword, newPassword } from "@/lib/auth/password";
import { signInWithPassword } from "@/lib/auth/session";
import { createUser } from "@/lib/directory";
import { TenancyError } from "@/lib/errors";
import { sendMail } from "@/lib/email/mailer";
import { invitationMail } from "@/lib/email/messages";
import { acceptInvitation, createInvitation, findOpenInvitation, reissueInvitation, revokeInvitation } from "@/lib/invitations/invitations";
import { forgetRole, tenantAction, tenantPath, tenantUrl, violatedUniqueConstraint, type ActionState, type TenantContext } from "@/lib/tenancy";
import { formId, parseOrThrow } from "@/lib/validation";

type Issued = { email: string; role: string; token: string; expiresAt: Date };

/** Emails an invitation's link and says so; the link is also in the answer, once, to copy. */
async function sendInvitation({ tenant, actor }: TenantContext, invitation: Issued, verb: string): Promise<ActionState> {
  const link = await tenantUrl(`/invite/${invitation.token}`);
  const delivery = await sendMail(invitationMail({ to: invitation.email, inviter: actor.name ?? "Someone", workspace: tenant.name, role: invitation.role, link, expiresAt: invitation.expiresAt }));
  const message = delivery.sent
    ? `${verb} ${invitation.email}: we emailed them the link. It works once, for 7 days; you can also copy it here.`
    : `${verb} ${invitation.email}, but the email was not sent (${delivery.reason}) Send them this link yourself; it works once, for 7 days.`;
  return { ok: true, message, data: { link, emailed: delivery.sent } };
}

// Invite an email with a role; admins and up. The link is emailed, and shown once to copy.
export const inviteAction = tenantAction("member.invite", async (ctx, form) => {
  const invitation = await createInvitation(ctx.db, { email: form.get("email"), role: form.get("role") }, ctx.actor);
  revalidatePath("/members");
  return sendInvitation(ctx, invitation, "Invited");
});

// A new link for an open invitation, emailed again; the previous link stops working.
export const resendInvitationAction = tenantAction("member.invite", async (ctx, form) => {
  const id = z.uuid().safeParse(formId(form));
  const invitation = id.success ? await reissueInvitation(ctx.db, id.data, ctx.actor) : null;
  if (!invitation) throw new TenancyError("invalid_request", "That invitation is no longer open.");
  revalidatePath("/members");
  return sendInvitation(ctx, invitation, "Sent the invitation again to");
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
  password: newPassword,
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
