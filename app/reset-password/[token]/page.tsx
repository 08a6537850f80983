import type { Metadata } from "next";
import Link from "next/link";
import { linkClass } from "@/app/_components/styles";
import { resetLinkEmail } from "@/lib/auth/password-reset";
import { tenantPath } from "@/lib/tenancy";
import { ResetPasswordForm } from "./reset-password-form";

export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const email = await resetLinkEmail(token);
  return (
    <main id="main" className="mx-auto flex min-h-screen max-w-sm flex-col justify-center px-6">
      {email ? (
        <>
          <h1 className="text-2xl font-semibold tracking-tight">Choose a new password</h1>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">For {email}. Every device signed in to this account will be signed out.</p>
          <ResetPasswordForm token={token} />
        </>
      ) : (
        <>
          <h1 className="text-2xl font-semibold tracking-tight">This link is no longer valid</h1>
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">Reset links work once, for a limited time, and only the newest one does.</p>
          <p className="mt-6 text-sm"><Link href={await tenantPath("/forgot-password")} className={linkClass}>Ask for a new link</Link></p>
        </>
      )}
    </main>
  );
}
