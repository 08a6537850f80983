import { headers } from "next/headers";
import Link from "next/link";

export async function Landing() {
  const host = (await headers()).get("x-forwarded-host") ?? "localhost:3000";
  return (
    <main className="mx-auto flex min-h-screen max-w-2xl flex-col justify-center gap-6 px-6">
      <h1 className="text-4xl font-semibold tracking-tight">Tenantry</h1>
      <p className="text-lg text-slate-600 dark:text-slate-300">
        Every company gets its own employee and project dashboard at its own address, and Postgres
        row-level security keeps each company&apos;s data its own.
      </p>
      <p className="text-slate-600 dark:text-slate-300">
        Open your workspace at <code className="rounded bg-slate-200 px-1 dark:bg-slate-800">your-company.{host}</code>, or
        create one for your company.
      </p>
      <Link href="/sign-up" className="w-fit rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-500">
        Create a workspace
      </Link>
    </main>
  );
}
