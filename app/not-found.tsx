import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { linkClass } from "@/app/_components/styles";
import { missingWorkspace, productUrl, tenantPath } from "@/lib/tenancy";

export const metadata: Metadata = { title: "Not found" };

// Every 404 has a way on: the dashboard for a missing page or record in a workspace, the
// product's front page (where your workspaces are listed) for a workspace that is not there.

export default async function NotFound() {
  const workspace = await missingWorkspace();
  const home = productUrl(await headers(), null, "/");
  if (workspace?.closed) {
    return (
      <main id="main" className="mx-auto flex min-h-screen max-w-xl flex-col justify-center gap-4 px-6">
        <h1 className="text-3xl font-semibold tracking-tight">Workspace closed</h1>
        <p className="text-slate-600 dark:text-slate-300">The “{workspace.slug}” workspace has been closed.</p>
        <a href={home} className={`text-sm ${linkClass}`}>← Your workspaces</a>
      </main>
    );
  }
  return (
    <main id="main" className="mx-auto flex min-h-screen max-w-xl flex-col justify-center gap-4 px-6">
      <p className="text-sm font-medium text-slate-600 dark:text-slate-400">404</p>
      <h1 className="text-3xl font-semibold tracking-tight">{workspace ? "Workspace not found" : "Page not found"}</h1>
      <p className="text-slate-600 dark:text-slate-300">
        {workspace?.slug
          ? `There is no workspace called “${workspace.slug}”. Check the address, or ask your administrator for the right link.`
          : workspace
            ? "There is no workspace at this address."
            : "The page you asked for does not exist."}
      </p>
      {workspace ? (
        <a href={home} className={`text-sm ${linkClass}`}>← Tenantry home</a>
      ) : (
        <Link href={await tenantPath("/")} className={`text-sm ${linkClass}`}>← Back to the dashboard</Link>
      )}
    </main>
  );
}
