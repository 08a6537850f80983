import type { Metadata } from "next";
import { headers } from "next/headers";
import { revokeInvitationAction } from "@/app/_actions/invitations";
import { ActionButton } from "@/app/_components/action-button";
import { SubpageHeader } from "@/app/_components/workspace-nav";
import { requestHost, tenantPage, tenantPath } from "@/lib/tenancy";
import { InviteForm } from "./member-forms";

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
    return { ctx, members, invitations, canInvite: ctx.writable && ctx.can("member.invite") };
  }, { permission: "member.read" });
  const h = await headers();
  const origin = `${h.get("x-forwarded-proto") ?? "http"}://${requestHost(h)}`;
  return (
    <main className="mx-auto max-w-3xl px-4 py-8 sm:px-6">
      <SubpageHeader ctx={data.ctx} />
      <h1 className="mt-6 text-2xl font-semibold tracking-tight">Members</h1>
      {data.canInvite && <section className="mt-6"><InviteForm origin={`${origin}${await tenantPath("")}`} /></section>}
      <section aria-labelledby="members-heading" className="mt-8">
        <h2 id="members-heading" className="text-lg font-semibold">People</h2>
        <ul className="mt-2 divide-y divide-slate-100 dark:divide-slate-800">
          {data.members.map((m) => (
            <li key={m.user.id} data-testid="member-row" className="flex justify-between py-2 text-sm">
              <span><span className="font-medium">{m.user.name}</span> <span className="text-slate-500">{m.user.email}</span></span>
              <span>{m.role}</span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="invites-heading" className="mt-8">
        <h2 id="invites-heading" className="text-lg font-semibold">Pending invitations</h2>
        {data.invitations.length === 0 ? (
          <p className="mt-2 text-sm text-slate-500">None.</p>
        ) : (
          <ul className="mt-2 divide-y divide-slate-100 dark:divide-slate-800">
            {data.invitations.map((i) => (
              <li key={i.id} data-testid="invitation-row" className="flex items-center justify-between py-2 text-sm">
                <span>{i.email} <span className="text-slate-500">as {i.role}, until {i.expiresAt.toISOString().slice(0, 10)}</span></span>
                {data.canInvite && <ActionButton action={revokeInvitationAction} fields={{ id: i.id }} label={`Revoke the invitation for ${i.email}`} text="Revoke" pendingText="Revoking…" />}
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
