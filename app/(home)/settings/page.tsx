import type { Metadata } from "next";
import Link from "next/link";
import { ChangeAddressForm } from "./address-form";
import { RenameWorkspaceForm } from "./rename-form";
import { linkClass } from "@/app/_components/styles";
import { SubpageHeader } from "@/app/_components/workspace-nav";
import { actionsFrom, type LifecycleAction } from "@/lib/directory";
import { env } from "@/lib/env";
import { tenantPage, tenantPath } from "@/lib/tenancy";
import { LifecycleForm } from "./lifecycle-form";

export const metadata: Metadata = { title: "Settings" };

const STATUS_TEXT = { active: "Active", suspended: "Suspended (read-only)", inactive: "Closed" } as const;

const ACTION_TEXT: Record<LifecycleAction, { title: string; explanation: string; button: string }> = {
  suspend: {
    title: "Suspend the workspace",
    explanation: "Everyone keeps reading, and signing in still works, but nothing can be added, changed or removed — through the app or the API — until an owner resumes it.",
    button: "Suspend workspace",
  },
  resume: {
    title: "Resume the workspace",
    explanation: "Members can change things again, with the roles they had.",
    button: "Resume workspace",
  },
  close: {
    title: "Close the workspace",
    explanation: "The workspace stops answering at once, for every member and API key. Its data is kept.",
    button: "Close workspace",
  },
};

export default async function SettingsPage() {
  const ctx = await tenantPage(async (ctx) => ctx);
  const { tenant } = ctx;
  // An operator's suspension is lifted by an operator only.
  const actions = actionsFrom(tenant.status).filter((a) => !(a === "resume" && tenant.statusChangedBy === "operator"));
  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-8 sm:px-6">
      <SubpageHeader ctx={ctx} trail={[{ label: "Settings" }]} />
      <h1 className="mt-6 text-2xl font-semibold tracking-tight">Settings</h1>
      <section aria-labelledby="workspace-heading" className="mt-6">
        <h2 id="workspace-heading" className="text-lg font-semibold">Workspace</h2>
        <dl className="mt-2 grid grid-cols-[10rem_1fr] gap-y-1 text-sm">
          <dt className="text-slate-600 dark:text-slate-400">Name</dt><dd>{tenant.name}</dd>
          <dt className="text-slate-600 dark:text-slate-400">Address</dt><dd><code>{tenant.slug}</code></dd>
          <dt className="text-slate-600 dark:text-slate-400">Plan</dt><dd><Link href={await tenantPath("/settings/plan")} className={linkClass}>{tenant.plan}</Link></dd>
          <dt className="text-slate-600 dark:text-slate-400">Status</dt><dd data-testid="workspace-status">{STATUS_TEXT[tenant.status]}</dd>
        </dl>
        {ctx.writable && ctx.can("tenant.rename") && <RenameWorkspaceForm name={tenant.name} />}
        {ctx.writable && ctx.can("tenant.address") && <ChangeAddressForm slug={tenant.slug} redirectDays={env().TENANTRY_SLUG_REDIRECT_DAYS} />}
        <p className="mt-3 flex gap-4 text-sm">
          <Link href={await tenantPath("/settings/plan")} className={linkClass}>Plan and usage</Link>
          {ctx.can("api_key.manage") && <Link href={await tenantPath("/settings/api-keys")} className={linkClass}>API keys</Link>}
          {ctx.can("audit.read") && <Link href={await tenantPath("/settings/audit")} className={linkClass}>Audit log</Link>}
        </p>
      </section>
      {ctx.can("tenant.export") && (
        <section aria-labelledby="export-heading" className="mt-10">
          <h2 id="export-heading" className="text-lg font-semibold">Export</h2>
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-300">
            Everything in the workspace — employees, projects, members, API keys (as hashes, never the keys), invitations, domains and the whole activity and audit log — as one file of JSON lines, read at one moment, gzipped. Passwords are not included. Downloading it is recorded in the audit log.
          </p>
          <a href={await tenantPath("/api/workspace/export")} download className={`mt-3 inline-block ${linkClass}`}>
            Download an export
          </a>
        </section>
      )}
      {ctx.can("tenant.lifecycle") && (
        <section aria-labelledby="danger-heading" className="mt-10">
          <h2 id="danger-heading" className="text-lg font-semibold text-red-700 dark:text-red-300">Danger zone</h2>
          {tenant.status === "suspended" && tenant.statusChangedBy === "operator" && (
            <p className="mt-2 text-sm">An operator suspended this workspace. Contact support to have it resumed.</p>
          )}
          <div className="mt-3 space-y-4">
            {actions.map((action) => (
              <LifecycleForm key={action} action={action} slug={tenant.slug} {...ACTION_TEXT[action]} />
            ))}
            <LifecycleForm
              action="delete"
              slug={tenant.slug}
              title="Delete the workspace"
              explanation={`The workspace closes at once, for every member and API key. Its data is kept for ${env().TENANTRY_DELETION_GRACE_DAYS} days (ask support within that time to have it back), then erased for good, with proof that no row remains. Download an export first if you want a copy.`}
              button="Delete workspace"
            />
          </div>
        </section>
      )}
    </main>
  );
}
