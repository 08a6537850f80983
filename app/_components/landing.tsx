import { headers } from "next/headers";
import Link from "next/link";
import { openWorkspaceAction } from "@/app/_actions/workspaces";
import { sessionUser } from "@/lib/auth/session";
import { workspacesOf } from "@/lib/directory";
import { resolverOrder } from "@/lib/tenancy";
import { SignOutButton } from "./sign-out-button";

export async function Landing() {
  const host = (await headers()).get("x-forwarded-host") ?? "localhost:3000";
  const user = await sessionUser();
  const workspaces = user ? await workspacesOf(user.id) : [];
  const byPath = resolverOrder().includes("path");
  return (
    <main id="main" className="mx-auto flex min-h-screen max-w-2xl flex-col justify-center gap-6 px-6">
      <h1 className="text-4xl font-semibold tracking-tight">Tenantry</h1>
      <p className="text-lg text-slate-600 dark:text-slate-300">
        Every company gets its own employee and project dashboard at its own address, and Postgres
        row-level security keeps each company&apos;s data its own.
      </p>
      {user ? (
        <section aria-labelledby="workspaces-heading">
          <div className="flex items-baseline justify-between">
            <h2 id="workspaces-heading" className="text-lg font-semibold">Your workspaces</h2>
            <SignOutButton />
          </div>
          {workspaces.length === 0 ? (
            <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">You are not a member of any workspace yet.</p>
          ) : (
            <ul className="mt-2 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
              {workspaces.map((w) => (
                <li key={w.tenantId} className="flex items-center justify-between gap-3 px-4 py-3">
                  <span>
                    <span className="font-medium">{w.name}</span> <span className="text-sm text-slate-600 dark:text-slate-400">{w.role}</span>
                  </span>
                  {byPath ? (
                    // The address carries the workspace: each tab keeps the one it opened.
                    <a href={`/t/${w.slug}/`} aria-label={`Open ${w.name}`} className="text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400">Open</a>
                  ) : (
                    <form action={openWorkspaceAction}>
                      <input type="hidden" name="slug" value={w.slug} />
                      <button type="submit" aria-label={`Open ${w.name}`} className="text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400">Open</button>
                    </form>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : (
        <>
          <p className="text-slate-600 dark:text-slate-300">
            Open your workspace at <code className="rounded bg-slate-200 px-1 dark:bg-slate-800">your-company.{host}</code>, sign in
            here to see all of yours, or create one for your company.
          </p>
          <div className="flex gap-3">
            <Link href="/sign-up" className="w-fit rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-500">
              Create a workspace
            </Link>
            <Link href="/sign-in" className="w-fit rounded-md border border-slate-300 px-4 py-2 text-sm font-semibold hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">
              Sign in
            </Link>
          </div>
        </>
      )}
    </main>
  );
}
