import { missingWorkspace } from "@/lib/tenancy";

export default async function NotFound() {
  const workspace = await missingWorkspace();
  if (workspace?.closed) {
    return (
      <main className="mx-auto flex min-h-screen max-w-xl flex-col justify-center gap-4 px-6">
        <h1 className="text-3xl font-semibold tracking-tight">Workspace closed</h1>
        <p className="text-slate-600 dark:text-slate-300">The “{workspace.slug}” workspace has been closed.</p>
      </main>
    );
  }
  return (
    <main className="mx-auto flex min-h-screen max-w-xl flex-col justify-center gap-4 px-6">
      <p className="text-sm font-medium text-slate-500">404</p>
      <h1 className="text-3xl font-semibold tracking-tight">{workspace ? "Workspace not found" : "Page not found"}</h1>
      <p className="text-slate-600 dark:text-slate-300">
        {workspace?.slug
          ? `There is no workspace called “${workspace.slug}”. Check the address, or ask your administrator for the right link.`
          : workspace
            ? "There is no workspace at this address."
            : "The page you asked for does not exist."}
      </p>
    </main>
  );
}
