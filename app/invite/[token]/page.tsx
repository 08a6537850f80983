import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { findOpenInvitation } from "@/lib/invitations/invitations";
import { optionalTenant, tenantPage, tenantPath } from "@/lib/tenancy";
import { SignOutButton } from "../../_components/sign-out-button";
import { AcceptForm, CreateAccountForm } from "./invite-forms";

export const metadata: Metadata = { title: "Invitation" };

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  if (!(await optionalTenant())) notFound();
  const { token } = await params;
  // Invitees are not members yet: the page is a visitor's, and reads nothing but the invitation the token names.
  const { tenant, writable, invitation, user } = await tenantPage(
    async (ctx) => ({
      tenant: ctx.tenant,
      writable: ctx.writable,
      invitation: await findOpenInvitation(ctx.db, token),
      user: ctx.caller.kind === "visitor" ? ctx.caller.user : null,
    }),
    { visitor: "read" },
  );
  return (
    <main id="main" className="mx-auto flex min-h-screen max-w-sm flex-col justify-center px-6">
      {!invitation ? (
        <>
          <h1 className="text-2xl font-semibold tracking-tight">This invitation is no longer valid</h1>
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-300">
            It was used, revoked or has expired. Ask an administrator of {tenant.name} for a new one.
          </p>
        </>
      ) : (
        <>
          <h1 className="text-2xl font-semibold tracking-tight">Join {tenant.name}</h1>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">You are invited as {invitation.role}, as {invitation.email}.</p>
          {!writable ? (
            <p role="status" className="mt-6 text-sm">{tenant.name} is suspended: no one can join it until an owner restores it. Your invitation stays valid until it expires.</p>
          ) : user?.email === invitation.email ? (
            <AcceptForm token={token} tenantName={tenant.name} role={invitation.role} />
          ) : user ? (
            <div className="mt-6 space-y-3 text-sm">
              <p>You are signed in as {user.email}, but this invitation is for {invitation.email}.</p>
              <SignOutButton />
            </div>
          ) : (
            <>
              <p className="mt-6 text-sm">
                Have an account for {invitation.email}?{" "}
                <Link href={await tenantPath(`/sign-in?next=${encodeURIComponent(await tenantPath(`/invite/${token}`))}`)} className="font-medium text-indigo-600 hover:underline">Sign in to accept</Link>
              </p>
              <CreateAccountForm token={token} email={invitation.email} />
            </>
          )}
        </>
      )}
    </main>
  );
}
