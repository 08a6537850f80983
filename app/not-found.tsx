import { headers } from "next/headers";
import { CLOSED_TENANT_HEADER, UNKNOWN_TENANT_HEADER } from "@/lib/tenancy/context";

export default async function NotFound() {
  const h = await headers();
  const unknownTenant = h.get(UNKNOWN_TENANT_HEADER);
  if (unknownTenant && h.get(CLOSED_TENANT_HEADER)) {
    return (
      <main className="mx-auto flex min-h-screen max-w-xl flex-col justify-center gap-4 px-6">
        <h1 className="text-3xl font-semibold tracking-tight">Workspace closed</h1>
        <p className="text-slate-600 dark:text-slate-300">The “{unknownTenant}” workspace has been closed by its owner.</p>
      </main>
    );
  }
  return (
    <main className="mx-auto flex min-h-screen max-w-xl flex-col justify-center gap-4 px-6">
      <p className="text-sm font-medium text-slate-500">404</p>
      <h1 className="text-3xl font-semibold tracking-tight">
        {unknownTenant !== null ? "Workspace not found" : "Page not found"}
      </h1>
      <p className="text-slate-600 dark:text-slate-300">
        {unknownTenant
          ? `There is no workspace called “${unknownTenant}”. Check the address, or ask your administrator for the right link.`
          : unknownTenant !== null
            ? "There is no workspace at this address."
            : "The page you asked for does not exist."}
      </p>
    </main>
  );
}
