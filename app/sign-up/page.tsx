import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { notFound } from "next/navigation";
import { optionalTenant, requestHost } from "@/lib/tenancy";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Create a workspace" };

// Sign-up lives on the product's own domain; a workspace's address has nothing to create.
export default async function SignUpPage() {
  if (await optionalTenant()) notFound();
  const host = requestHost(await headers()) ?? "localhost:3000";
  return (
    <main id="main" className="mx-auto flex min-h-screen max-w-sm flex-col justify-center px-6 py-10">
      <h1 className="text-2xl font-semibold tracking-tight">Create your company&apos;s workspace</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">You will be its owner, and can invite your team next.</p>
      <SignUpForm host={host} />
      <p className="mt-4 text-sm text-slate-600 dark:text-slate-400">
        Already have a workspace? Sign in at its own address. <Link href="/sign-in" className="text-indigo-700 underline dark:text-indigo-300">Sign in</Link>
      </p>
    </main>
  );
}
