import type { Metadata } from "next";
import { revokeInvitationAction } from "@/app/_actions/invitations";
import { removeMemberAction, transferOwnershipAction } from "@/app/_actions/members";
import { ActionButton } from "@/app/_components/action-button";
import { SubpageHeader } from "@/app/_components/workspace-nav";
import { tenantPage } from "@/lib/tenancy";
import { InviteForm, MemberRoleForm, ResendInvitation } from "./member-forms";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage() {
  const data = await tenantPage(async (ctx) => {
    const { db } = ctx;
    const [members, invitations] = await Promise.all([
      db.membership.findMany({ orderBy: { createdAt: "asc" }, select: { role: true, user: { select: { id: true, name: true, email: true } } } }),
      db.invitation.findMany({
        where: { acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
        orderBy: { createdAt: "desc" },
        select: { id: true, email: true, role: true, expiresAt: true },
      }),
    ]);
    const writable = ctx.writable;
    return {
      ctx,
      members,
      invitations,
      canInvite: writable && ctx.can("member.invite"),
      canManage: writable && ctx.can("member.manage"),
      ownsIt: writable && ctx.can("member.ownership"),
    };
  }, { permission: "member.read" });
  const self = data.ctx.actor.id;
  const owners = data.members.filter((m) => m.role === "owner").length;
  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-8 sm:px-6">
      <SubpageHeader ctx={data.ctx} trail={[{ label: "Members" }]} />
      <h1 className="mt-6 text-2xl font-semibold tracking-tight">Members</h1>
      {data.canInvite && <section className="mt-6"><InviteForm /></section>}
      <section aria-labelledby="members-heading" className="mt-8">
        <h2 id="members-heading" className="text-lg font-semibold">People ({data.members.length})</h2>
        <ul className="mt-2 divide-y divide-slate-100 dark:divide-slate-800">
          {data.members.map((m) => {
            const isSelf = m.user.id === self;
            // Admins manage everyone below owner; owners manage everyone. Nobody edits themselves here.
            const manageable = data.canManage && !isSelf && (m.role !== "owner" || data.ownsIt);
            return (
              <li key={m.user.id} data-testid="member-row" className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                <span className="min-w-0 break-words">
                  <span className="font-medium">{m.user.name}</span>{isSelf && " (you)"} <span className="text-slate-600 dark:text-slate-400">{m.user.email}</span>
                </span>
                {manageable ? (
                  <span className="flex flex-wrap items-center gap-3">
                    <MemberRoleForm userId={m.user.id} name={m.user.name} role={m.role} offerOwner={data.ownsIt} />
                    {data.ownsIt && m.role !== "owner" && (
                      <ActionButton action={transferOwnershipAction} fields={{ id: m.user.id }} label={`Make owner: ${m.user.name}`} text="Make owner" pendingText="Handing over…" confirm={`Make ${m.user.name} the owner? You will become an admin.`} />
                    )}
                    <ActionButton action={removeMemberAction} fields={{ id: m.user.id }} label={`Remove ${m.user.name}`} text="Remove" pendingText="Removing…" confirm={`Remove ${m.user.name} from the workspace? They lose access at once.`} />
                  </span>
                ) : (
                  <span data-testid="member-role">{m.role}{isSelf && m.role === "owner" && owners === 1 && <span className="text-slate-600 dark:text-slate-400"> (the only owner)</span>}</span>
                )}
              </li>
            );
          })}
        </ul>
      </section>
      <section aria-labelledby="invites-heading" className="mt-8">
        <h2 id="invites-heading" className="text-lg font-semibold">Pending invitations</h2>
        {data.invitations.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">None.</p>
        ) : (
          <ul className="mt-2 divide-y divide-slate-100 dark:divide-slate-800">
            {data.invitations.map((i) => (
              <li key={i.id} data-testid="invitation-row" className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                <span className="min-w-0 break-words">{i.email} <span className="text-slate-600 dark:text-slate-400">as {i.role}, until {i.expiresAt.toISOString().slice(0, 10)}</span></span>
                {data.canInvite && (
                  <span className="flex flex-wrap items-center gap-3">
                    <ResendInvitation id={i.id} email={i.email} />
                    <ActionButton action={revokeInvitationAction} fields={{ id: i.id }} label={`Revoke the invitation for ${i.email}`} text="Revoke" pendingText="Revoking…" confirm={`Revoke the invitation for ${i.email}? Its link stops working.`} />
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
