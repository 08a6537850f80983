import Link from "next/link";
import { tenantPath } from "@/lib/tenancy/context";
import { SignOutButton } from "./_components/sign-out-button";

export default async function Forbidden() {
  return (
    <main className="mx-auto flex min-h-screen max-w-xl flex-col justify-center gap-4 px-6">
      <p className="text-sm font-medium text-slate-500">403</p>
      <h1 className="text-3xl font-semibold tracking-tight">You don&apos;t have access to this workspace</h1>
      <p className="text-slate-600 dark:text-slate-300">
        You are signed in, but not as a member of this workspace. Ask one of its administrators for an
        invitation, or sign in with another account.
      </p>
      <div className="flex gap-4">
        <SignOutButton />
        <Link href={await tenantPath("/sign-in")} className="text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400">
          Use another account
        </Link>
      </div>
    </main>
  );
}
