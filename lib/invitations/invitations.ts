import { z } from "zod";
import { globalSql, isUniqueViolation, TenancyError, type TenantDb, type TenantTx } from "@/lib/tenancy";
import { isSecretToken, newSecretToken, secretDigest } from "@/lib/secret-token";
import { parseOrThrow } from "@/lib/validation";

const VALID_DAYS = 7;

export const inviteSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address.").max(254),
  role: z.enum(["viewer", "member", "admin"], { error: "One of: viewer, member, admin." }),
});

/** Invites an email into the bound tenant; the returned token is never stored and never shown again. */
export async function createInvitation(db: TenantDb, input: unknown, invitedBy: string) {
  const { email, role } = parseOrThrow(inviteSchema, input);
  const { rows } = await globalSql<{ id: string }>("SELECT id FROM users WHERE email = $1", [email]);
  if (rows[0] && (await db.membership.count({ where: { userId: rows[0].id } })) > 0) {
    throw new TenancyError("invalid_request", "The request is invalid.", { email: ["Already a member of this workspace."] });
  }
  const token = newSecretToken();
  try {
    const invitation = await db.invitation.create({
      data: { email, role, invitedBy, tokenHash: secretDigest(token), expiresAt: new Date(Date.now() + VALID_DAYS * 86_400_000) },
      select: { id: true, email: true, role: true, expiresAt: true },
    });
    return { ...invitation, token };
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new TenancyError("invalid_request", "The request is invalid.", { email: ["Already invited: revoke that invitation to send a new one."] });
    }
    throw error;
  }
}

export async function revokeInvitation(db: TenantDb, id: string): Promise<boolean> {
  const { count } = await db.invitation.updateMany({ where: { id, acceptedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
  return count === 1;
}

/** The open invitation a token names in the bound tenant, if it is still good. */
export function findOpenInvitation(db: TenantTx, token: string) {
  if (!isSecretToken(token)) return Promise.resolve(null);
  return db.invitation.findFirst({
    where: { tokenHash: secretDigest(token), acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    select: { id: true, email: true, role: true, expiresAt: true },
  });
}

/**
 * Uses the invitation up and makes `user` a member with its role, atomically: a token accepted
 * twice, even at the same moment, makes one membership. Only the invited email may accept.
 */
export async function acceptInvitation(db: TenantDb, token: string, user: { id: string; email: string }) {
  return db.$transaction(async (tx) => {
    const invitation = await findOpenInvitation(tx, token);
    if (!invitation) throw new TenancyError("invalid_request", "This invitation is no longer valid.");
    if (invitation.email !== user.email.toLowerCase()) {
      throw new TenancyError("forbidden", `This invitation is for ${invitation.email}. Sign in with that address to accept it.`);
    }
    const { count } = await tx.invitation.updateMany({ where: { id: invitation.id, acceptedAt: null }, data: { acceptedAt: new Date() } });
    if (count !== 1) throw new TenancyError("invalid_request", "This invitation is no longer valid.");
    const existing = await tx.membership.findFirst({ where: { userId: user.id }, select: { role: true } });
    if (!existing) await tx.membership.create({ data: { userId: user.id, role: invitation.role } });
    return existing?.role ?? invitation.role;
  });
}
