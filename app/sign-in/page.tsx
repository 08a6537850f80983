import type { Metadata } from "next";
import { optionalTenant, tenantPath } from "@/lib/tenancy";
import { localPath } from "@/lib/validation";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string | string[]; error?: string | string[]; reset?: string | string[] }> }) {
  const { next, error, reset } = await searchParams;
  const tenant = await optionalTenant();
  return (
    <main id="main" className="mx-auto flex min-h-screen max-w-sm flex-col justify-center px-6">
      <h1 className="text-2xl font-semibold tracking-tight">Sign in{tenant ? ` to ${tenant.name}` : ""}</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{tenant ? `${tenant.slug} workspace` : "Tenantry"}</p>
      {error !== undefined && (
        <p role="alert" className="mt-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
          Signing in could not be completed. Please try again.
        </p>
      )}
      {reset !== undefined && (
        <p role="status" className="mt-4 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100">
          Your password was changed and every device was signed out. Sign in with the new password.
        </p>
      )}
      <SignInForm next={localPath(next) ?? undefined} forgotHref={await tenantPath("/forgot-password")} />
    </main>
  );
}
