import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { redirect } from "next/navigation";
import { signOutEverywhereAction } from "@/app/_actions/session";
import { cardClass, linkClass } from "@/app/_components/styles";
import { currentTheme } from "@/app/_components/theme";
import { ThemeSwitcher } from "@/app/_components/theme-switcher";
import { sessionUser } from "@/lib/auth/session";
import { workspacesOf } from "@/lib/directory";
import { optionalTenant, productUrl, tenantPath } from "@/lib/tenancy";
import { LeaveWorkspaceForm, NameForm, PasswordForm } from "./account-forms";

export const metadata: Metadata = { title: "Your account" };

// The signed-in person's own settings, on any host: their name, their password, their sessions,
// and the workspaces they belong to.
export default async function AccountPage() {
  const user = await sessionUser();
  if (!user) redirect(`${await tenantPath("/sign-in")}?next=${encodeURIComponent(await tenantPath("/account"))}`);
  const [h, tenant, workspaces] = await Promise.all([headers(), optionalTenant(), workspacesOf(user.id)]);
  const here = tenant && workspaces.find((w) => w.tenantId === tenant.id);
  return (
    <main id="main" className="mx-auto max-w-2xl px-4 py-8 sm:px-6">
      <Link href={await tenantPath("/")} className={linkClass}>← {here ? here.name : "Tenantry"}</Link>
      <h1 className="mt-6 text-2xl font-semibold tracking-tight">Your account</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Signed in as {user.email}</p>

      <section aria-labelledby="profile-heading" className={`mt-8 p-4 ${cardClass}`}>
        <h2 id="profile-heading" className="mb-3 text-lg font-semibold">Profile</h2>
        <NameForm name={user.name} />
      </section>

      <section aria-labelledby="password-heading" className={`mt-6 p-4 ${cardClass}`}>
        <h2 id="password-heading" className="mb-3 text-lg font-semibold">Password</h2>
        <PasswordForm />
      </section>

      <section aria-labelledby="sessions-heading" className={`mt-6 p-4 ${cardClass}`}>
        <h2 id="sessions-heading" className="text-lg font-semibold">Devices</h2>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Signs out this browser and every other device signed in to your account.</p>
        <form action={signOutEverywhereAction} className="mt-3">
          <button type="submit" className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-semibold hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800">Sign out everywhere</button>
        </form>
      </section>

      <section aria-labelledby="display-heading" className={`mt-6 p-4 ${cardClass}`}>
        <h2 id="display-heading" className="text-lg font-semibold">Display</h2>
        <p className="mt-1 mb-3 text-sm text-slate-600 dark:text-slate-400">Remembered by this browser. System follows your device&apos;s light or dark setting.</p>
        <ThemeSwitcher current={await currentTheme()} />
      </section>

      <section id="workspaces" aria-labelledby="workspaces-heading" className={`mt-6 p-4 ${cardClass}`}>
        <h2 id="workspaces-heading" className="text-lg font-semibold">Your workspaces ({workspaces.length})</h2>
        {workspaces.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">You do not belong to any workspace yet.</p>
        ) : (
          <ul className="mt-2 divide-y divide-slate-100 dark:divide-slate-800">
            {workspaces.map((w) => (
              <li key={w.tenantId} data-testid="account-workspace" className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                <a href={productUrl(h, w.slug, "/")} className={`break-words ${linkClass}`}>{w.name}</a>
                <span className="text-slate-600 dark:text-slate-400">{w.role}{w.status !== "active" ? ` · ${w.status}` : ""}</span>
              </li>
            ))}
          </ul>
        )}
        <p className="mt-3 text-sm"><a href={productUrl(h, null, "/sign-up")} className={linkClass}>Create another workspace</a></p>
      </section>

      {here && (
        <section aria-labelledby="leave-heading" className="mt-6 rounded-lg border border-red-200 p-4 dark:border-red-900">
          <h2 id="leave-heading" className="text-lg font-semibold">Leave {here.name}</h2>
          <p className="mb-3 mt-1 text-sm text-slate-600 dark:text-slate-400">You lose access to it at once. The last owner cannot leave: make someone else an owner first.</p>
          <LeaveWorkspaceForm workspace={here.name} />
        </section>
      )}
    </main>
  );
}
