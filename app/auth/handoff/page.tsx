import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { optionalTenant } from "@/lib/tenancy";
import { HandoffForm } from "./handoff-form";

export const metadata: Metadata = { title: "Signing you in", referrer: "no-referrer" };

// /auth/handoff?token=… – where sign-up sends a new owner: a GET signs no one in, it shows a form
// that posts the token back to this workspace (see actions.ts).
export default async function HandoffPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const tenant = await optionalTenant();
  if (!tenant) notFound();
  const { token } = await searchParams;
  return (
    <main id="main" className="mx-auto flex min-h-screen max-w-sm flex-col justify-center gap-4 px-6">
      <h1 className="text-2xl font-semibold tracking-tight">Opening {tenant.name}…</h1>
      <HandoffForm token={typeof token === "string" ? token : ""} />
    </main>
  );
}
