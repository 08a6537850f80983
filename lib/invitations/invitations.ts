import { z } from "zod";
import { userByEmail } from "@/lib/directory";
import { TenancyError } from "@/lib/errors";
import type { Actor } from "@/lib/events/actor";
import { recordEvent } from "@/lib/events/record-event";
import { isSecretToken, newSecretToken, secretDigest } from "@/lib/secret-token";
import { isUniqueViolation, type TenantDb, type TenantTx } from "@/lib/tenancy";
import { parseOrThrow } from "@/lib/validation";

const VALID_DAYS = 7;

export const inviteSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address.").max(254),
  role: z.enum(["viewer", "member", "admin"], { error: "One of: viewer, member, admin." }),
});

/** Invites an email into the bound tenant; the returned token is never stored and never shown again. */
export async function createInvitation(db: TenantDb, input: unknown, actor: Actor) {
  const { email, role } = parseOrThrow(inviteSchema, input);
  const user = await userByEmail(email);
  if (user && (await db.membership.count({ where: { userId: user.id } })) > 0) {
    throw new TenancyError("invalid_request", "The request is invalid.", { email: ["Already a member of this workspace."] });
  }
  const token = newSecretToken();
  try {
    const invitation = await db.$transaction(async (tx) => {
      const created = await tx.invitation.create({
        data: { email, role, invitedBy: actor.kind === "user" ? actor.id : null, tokenHash: secretDigest(token), expiresAt: new Date(Date.now() + VALID_DAYS * 86_400_000) },
        select: { id: true, email: true, role: true, expiresAt: true },
      });
      await recordEvent(tx, "invitation.created", { id: created.id, email: created.email, role: created.role }, actor);
      return created;
    });
    return { ...invitation, token };
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new TenancyError("invalid_request", "The request is invalid.", { email: ["Already invited: revoke that invitation to send a new one."] });
    }
    throw error;
  }
}

/**
 * Gives an open invitation a new link and a new week, for sending it again: the old link stops
 * working (tokens are stored only as digests, so "copy the link again" is this too). Null if the
 * invitation is no longer open.
 */
export async function reissueInvitation(db: TenantDb, id: string, actor: Actor) {
  const token = newSecretToken();
  return db.$transaction(async (tx) => {
    const open = { id, acceptedAt: null, revokedAt: null };
    const { count } = await tx.invitation.updateMany({ where: open, data: { tokenHash: secretDigest(token), expiresAt: new Date(Date.now() + VALID_DAYS * 86_400_000) } });
    if (count !== 1) return null;
    const invitation = await tx.invitation.findFirstOrThrow({ where: { id }, select: { id: true, email: true, role: true, expiresAt: true } });
    await recordEvent(tx, "invitation.resent", { id: invitation.id, email: invitation.email }, actor);
    return { ...invitation, token };
  });
}

export async function revokeInvitation(db: TenantDb, id: string, actor: Actor): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const open = await tx.invitation.findFirst({ where: { id, acceptedAt: null, revokedAt: null }, select: { id: true, email: true } });
    if (!open) return false;
    const { count } = await tx.invitation.updateMany({ where: { id, acceptedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
    if (count !== 1) return false;
    await recordEvent(tx, "invitation.revoked", { id: open.id, email: open.email }, actor);
    return true;
  });
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
export async function acceptInvitation(db: TenantDb, token: string, user: { id: string; email: string; name: string }) {
  const actor: Actor = { kind: "user", id: user.id, name: user.name };
  return db.$transaction(async (tx) => {
    const invitation = await findOpenInvitation(tx, token);
    if (!invitation) throw new TenancyError("invalid_request", "This invitation is no longer valid.");
    if (invitation.email !== user.email.toLowerCase()) {
      throw new TenancyError("forbidden", `This invitation is for ${invitation.email}. Sign in with that address to accept it.`);
    }
    const { count } = await tx.invitation.updateMany({ where: { id: invitation.id, acceptedAt: null }, data: { acceptedAt: new Date() } });
    if (count !== 1) throw new TenancyError("invalid_request", "This invitation is no longer valid.");
    await recordEvent(tx, "invitation.accepted", { id: invitation.id, email: invitation.email, role: invitation.role, userId: user.id }, actor);
    const existing = await tx.membership.findFirst({ where: { userId: user.id }, select: { role: true } });
    if (existing) return existing.role;
    await tx.membership.create({ data: { userId: user.id, role: invitation.role } });
    await recordEvent(tx, "membership.created", { userId: user.id, name: user.name, role: invitation.role }, actor);
    return invitation.role;
  });
}
