import type { Metadata } from "next";
import { optionalTenant } from "@/lib/tenancy";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const { next } = await searchParams;
  const tenant = await optionalTenant();
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center px-6">
      <h1 className="text-2xl font-semibold tracking-tight">Sign in{tenant ? ` to ${tenant.name}` : ""}</h1>
      <p className="mt-1 text-sm text-slate-500">{tenant ? `${tenant.slug} workspace` : "Tenantry"}</p>
      <SignInForm next={typeof next === "string" ? next : undefined} />
    </main>
  );
}
