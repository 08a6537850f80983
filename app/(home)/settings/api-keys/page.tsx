import type { Metadata } from "next";
import { revokeApiKeyAction } from "@/app/_actions/api-keys";
import { ActionButton } from "@/app/_components/action-button";
import { SubpageHeader } from "@/app/_components/workspace-nav";
import { tenantPage } from "@/lib/tenancy";
import { CreateApiKeyForm } from "./api-key-forms";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const { keys, ctx } = await tenantPage(async (ctx) => {
    const keys = await ctx.db.apiKey.findMany({ orderBy: { createdAt: "desc" }, select: { id: true, name: true, prefix: true, role: true, createdAt: true, revokedAt: true } });
    return { keys, ctx };
  }, { permission: "api_key.manage" });
  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-8 sm:px-6">
      <SubpageHeader ctx={ctx} trail={[{ label: "Settings", href: "/settings" }, { label: "API keys" }]} />
      <h1 className="mt-6 text-2xl font-semibold tracking-tight">API keys</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        Keys authenticate the JSON API as <code>Authorization: Bearer …</code>, with the role you give them. Only a hash is stored.
      </p>
      {ctx.writable && <section className="mt-6"><CreateApiKeyForm /></section>}
      <section aria-labelledby="keys-heading" className="mt-8">
        <h2 id="keys-heading" className="text-lg font-semibold">Keys</h2>
        {keys.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">No keys yet.</p>
        ) : (
          <table className="mt-2 min-w-full text-left text-sm">
            <thead className="text-slate-600 dark:text-slate-400">
              <tr><th scope="col" className="py-2">Name</th><th scope="col">Key</th><th scope="col">Role</th><th scope="col">Created</th><th scope="col"><span className="sr-only">Actions</span></th></tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {keys.map((k) => (
                <tr key={k.id} data-testid="api-key-row">
                  <td className="py-2">{k.name}</td>
                  <td><code>{k.prefix}…</code></td>
                  <td>{k.role}</td>
                  <td>{k.createdAt.toISOString().slice(0, 10)}</td>
                  <td>{k.revokedAt ? <span className="text-slate-600 dark:text-slate-400">revoked</span> : ctx.writable && <ActionButton action={revokeApiKeyAction} fields={{ id: k.id }} label={`Revoke ${k.name}`} text="Revoke" pendingText="Revoking…" confirm={`Revoke ${k.name}? Anything using it stops working at once.`} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </main>
  );
}
