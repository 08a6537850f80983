"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { auth, signIn } from "@/auth";
import { hashPassword } from "@/lib/auth/password";
import { acceptInvitation, createInvitation, findOpenInvitation, revokeInvitation } from "@/lib/invitations/invitations";
import { forgetRole, globalSql, inTenantAsInvitee, TenancyError, tenantAction, type ActionState } from "@/lib/tenancy";
import { tenantPath } from "@/lib/tenancy/context";
import { violatedUniqueConstraint } from "@/lib/tenancy/db-errors";
import { parseOrThrow } from "@/lib/validation";

// Invite an email with a role; admins and up. The link is in the answer once.
export const inviteAction = tenantAction("member.invite", async ({ db, userId }, form) => {
  const invitation = await createInvitation(db, { email: form.get("email"), role: form.get("role") }, userId);
  revalidatePath("/members");
  return { ok: true, message: `Invited ${invitation.email}. Send them this link; it works once, for 7 days.`, data: { path: `/invite/${invitation.token}` } };
});

export const revokeInvitationAction = tenantAction("member.invite", async ({ db }, form) => {
  const id = z.uuid().safeParse(form.get("id"));
  if (!id.success || !(await revokeInvitation(db, id.data))) throw new TenancyError("invalid_request", "That invitation is no longer open.");
  revalidatePath("/members");
  return { ok: true, message: "Invitation revoked." };
});

async function accept(token: string, user: { id: string; email: string }) {
  await inTenantAsInvitee(async (db, tenant) => {
    await acceptInvitation(db, token, user);
    forgetRole(tenant.id, user.id);
  });
}

function asState(error: unknown, values: Record<string, string> = {}): ActionState {
  if (!(error instanceof TenancyError)) throw error;
  return { code: error.code, message: error.message, fields: error.fields, values };
}

// The signed-in user accepts; the invitation must be for their email.
export async function acceptInvitationAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const session = await auth();
  if (!session?.user?.id || !session.user.email) return { code: "unauthenticated", message: "Sign in to accept." };
  try {
    await accept(String(form.get("token")), { id: session.user.id, email: session.user.email });
  } catch (error) {
    return asState(error);
  }
  redirect(await tenantPath("/"));
}

const accountSchema = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(120, "At most 120 characters."),
  password: z.string().min(10, "At least 10 characters.").max(1000, "At most 1000 characters."),
});

// Someone without an account creates one for the invited email, is signed in, and joins.
export async function createAccountAndAcceptAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const token = String(form.get("token"));
  const values = { name: String(form.get("name") ?? "") };
  try {
    const { name, password } = parseOrThrow(accountSchema, { name: form.get("name"), password: form.get("password") });
    const invitation = await inTenantAsInvitee((db) => findOpenInvitation(db, token));
    if (!invitation) throw new TenancyError("invalid_request", "This invitation is no longer valid.");
    const userId = await globalSql<{ id: string }>(
      "INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3) RETURNING id",
      [invitation.email, name, await hashPassword(password)],
    ).then(
      ({ rows }) => rows[0].id,
      (error) => {
        if (violatedUniqueConstraint(error) === null) throw error;
        throw new TenancyError("invalid_request", "The request is invalid.", { password: ["An account with this email exists: sign in to accept instead."] });
      },
    );
    await signIn("credentials", { email: invitation.email, password, redirect: false });
    await accept(token, { id: userId, email: invitation.email });
  } catch (error) {
    return asState(error, values);
  }
  redirect(await tenantPath("/"));
}
