import type { Metadata } from "next";
import Link from "next/link";
import { tenantPath } from "@/lib/tenancy";

// 403 inside a workspace means one thing: a member whose role does not include what they asked
// for. (Someone who is not a member gets the 404 page, as if the workspace did not exist.)
export const metadata: Metadata = { title: "Not allowed" };

export default async function Forbidden() {
  return (
    <main id="main" className="mx-auto flex min-h-screen max-w-xl flex-col justify-center gap-4 px-6">
      <p className="text-sm font-medium text-slate-600 dark:text-slate-400">403</p>
      <h1 className="text-3xl font-semibold tracking-tight">Your role does not include this</h1>
      <p className="text-slate-600 dark:text-slate-300">
        You are a member of this workspace, but this page needs a role you do not have. Ask an owner or an
        administrator if you need it.
      </p>
      <Link href={await tenantPath("/")} className="text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400">
        ← Back to the dashboard
      </Link>
    </main>
  );
}
