import { z } from "zod";
import { TenancyError } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record-event";
import { forgetRole, ROLES, type Role, type TenantContext, type TenantTx } from "@/lib/tenancy";
import { parseOrThrow } from "@/lib/validation";

// Who belongs to a workspace and as what: role changes, removal, handing over ownership and
// leaving. Admins manage roles below owner; only an owner makes, unmakes or removes an owner.
// The database keeps at least one owner whatever happens (migration 20261206000000, 409
// `last_owner`), and removing someone revokes the API keys they made (20261202010000). A removed
// person's open pages and streams lose access within the role cache window (TENANTRY_TENANT_CACHE_MS).

type Members = Pick<TenantContext, "db" | "actor" | "can" | "tenant">;

const memberId = z.uuid({ error: "Not a member of this workspace." });
export const roleChangeSchema = z.object({ userId: memberId, role: z.enum(ROLES, { error: `One of: ${ROLES.join(", ")}.` }) }).strict();

const notAMember = () => new TenancyError("not_found", "That person is not a member of this workspace.");

/** A user id from a form: anything but a uuid names no member. */
function memberIdOf(value: unknown): string {
  const id = memberId.safeParse(value);
  if (!id.success) throw notAMember();
  return id.data;
}

function assertMayTouch(members: Members, ...roles: Role[]): void {
  if (roles.includes("owner") && !members.can("member.ownership")) throw new TenancyError("forbidden", "Only an owner can make, unmake or remove an owner.");
}

async function memberOf(tx: TenantTx, userId: string) {
  const found = await tx.membership.findFirst({ where: { userId }, select: { role: true, user: { select: { name: true } } } });
  if (!found) throw notAMember();
  return { role: found.role, name: found.user.name };
}

/** Gives a member another role; answers whether anything changed. */
export async function changeRole(members: Members, input: unknown): Promise<boolean> {
  const { userId, role } = parseOrThrow(roleChangeSchema, input);
  const changed = await members.db.$transaction(async (tx) => {
    const current = await memberOf(tx, userId);
    assertMayTouch(members, current.role, role);
    if (current.role === role) return false;
    await tx.membership.updateMany({ where: { userId }, data: { role } });
    await recordEvent(tx, "membership.role_changed", { userId, name: current.name, from: current.role, to: role }, members.actor);
    return true;
  });
  forgetRole(members.tenant.id, userId);
  return changed;
}

/** Takes someone out of the workspace (not oneself: that is leaving). */
export async function removeMember(members: Members, userId: unknown): Promise<{ name: string }> {
  const id = memberIdOf(userId);
  if (id === members.actor.id) throw new TenancyError("invalid_request", "To leave the workspace yourself, use Leave.");
  const removed = await members.db.$transaction(async (tx) => {
    const current = await memberOf(tx, id);
    assertMayTouch(members, current.role);
    await tx.membership.deleteMany({ where: { userId: id } });
    await recordEvent(tx, "membership.removed", { userId: id, name: current.name, role: current.role }, members.actor);
    return current;
  });
  forgetRole(members.tenant.id, id);
  return { name: removed.name };
}

/** The owner makes another member the owner and becomes an admin, in one step. */
export async function transferOwnership(members: Members, userId: unknown): Promise<{ name: string }> {
  const id = memberIdOf(userId);
  const self = members.actor.id;
  if (!members.can("member.ownership") || self === null) throw new TenancyError("forbidden", "Only an owner can hand over ownership.");
  if (id === self) throw new TenancyError("invalid_request", "You are an owner already.");
  const target = await members.db.$transaction(async (tx) => {
    const current = await memberOf(tx, id);
    // The new owner first, so the workspace is never without one, even for a statement.
    await tx.membership.updateMany({ where: { userId: id }, data: { role: "owner" } });
    await tx.membership.updateMany({ where: { userId: self }, data: { role: "admin" } });
    await recordEvent(tx, "membership.ownership_transferred", { userId: id, name: current.name }, members.actor);
    return current;
  });
  forgetRole(members.tenant.id, id);
  forgetRole(members.tenant.id, self);
  return { name: target.name };
}

/** The signed-in member leaves the workspace (the last owner cannot: 409 `last_owner`). */
export async function leaveWorkspace(members: Members): Promise<void> {
  const self = members.actor.id;
  if (members.actor.kind !== "user" || self === null) throw new TenancyError("forbidden", "Only a person can leave a workspace.");
  await members.db.$transaction(async (tx) => {
    const current = await memberOf(tx, self);
    await tx.membership.deleteMany({ where: { userId: self } });
    await recordEvent(tx, "membership.left", { userId: self, name: current.name, role: current.role }, members.actor);
  });
  forgetRole(members.tenant.id, self);
}
