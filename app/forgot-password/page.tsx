import type { Metadata } from "next";
import Link from "next/link";
import { linkClass } from "@/app/_components/styles";
import { optionalTenant, tenantPath } from "@/lib/tenancy";
import { ForgotPasswordForm } from "./forgot-password-form";

export const metadata: Metadata = { title: "Forgot password" };

export default async function ForgotPasswordPage() {
  const tenant = await optionalTenant();
  return (
    <main id="main" className="mx-auto flex min-h-screen max-w-sm flex-col justify-center px-6">
      <h1 className="text-2xl font-semibold tracking-tight">Forgot your password?</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Enter the email you sign in with{tenant ? ` to ${tenant.name}` : ""}; we will send a link to choose a new password.</p>
      <ForgotPasswordForm />
      <p className="mt-6 text-sm"><Link href={await tenantPath("/sign-in")} className={linkClass}>Back to sign in</Link></p>
    </main>
  );
}
