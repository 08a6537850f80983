import type { Metadata } from "next";
import Link from "next/link";
import { linkClass } from "@/app/_components/styles";
import { SubpageHeader } from "@/app/_components/workspace-nav";
import { AUDIT_TYPES, auditFilterFrom, auditPage, type AuditFilter } from "@/lib/audit/audit-log";
import { eventLabel } from "@/lib/events/describe-event";
import { tenantPage, tenantPath } from "@/lib/tenancy";

export const metadata: Metadata = { title: "Audit log" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const field = "mt-1 block rounded-md border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950";

/** The address of this page with `filter` (and no empty field). */
async function pageHref(filter: AuditFilter): Promise<string> {
  const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]);
  return tenantPath(`/settings/audit${query.size ? `?${query}` : ""}`);
}

export default async function AuditLogPage({ searchParams }: { searchParams: SearchParams }) {
  const parsed = auditFilterFrom(await searchParams);
  const filter: AuditFilter = parsed.success ? parsed.data : {};
  const { ctx, page } = await tenantPage(async (ctx) => ({ ctx, page: parsed.success ? await auditPage(ctx.db, filter) : null }), { permission: "audit.read" });
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".") || "filter"}: ${i.message}`);
  return (
    <main id="main" className="mx-auto max-w-5xl px-4 py-8 sm:px-6">
      <SubpageHeader ctx={ctx} trail={[{ label: "Settings", href: "/settings" }, { label: "Audit log" }]} />
      <h1 className="mt-6 text-2xl font-semibold tracking-tight">Audit log</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Who did what, when and from where in {ctx.tenant.name}. Entries cannot be changed or removed.</p>
      <form method="get" aria-label="Filter the audit log" className="mt-6 flex flex-wrap items-end gap-3">
        <label className="text-sm font-medium">
          What
          <select name="type" defaultValue={filter.type ?? ""} className={field}>
            <option value="">Everything</option>
            {AUDIT_TYPES.map((t) => <option key={t} value={t}>{t} ({eventLabel(t).toLowerCase()})</option>)}
          </select>
        </label>
        <label className="text-sm font-medium">
          Who
          <input name="actor" defaultValue={filter.actor ?? ""} placeholder="Name" className={field} />
        </label>
        <label className="text-sm font-medium">
          From
          <input type="date" name="from" defaultValue={filter.from ?? ""} className={field} />
        </label>
        <label className="text-sm font-medium">
          To
          <input type="date" name="to" defaultValue={filter.to ?? ""} className={field} />
        </label>
        <button type="submit" className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-500">Filter</button>
        <Link href={await pageHref({})} className={linkClass}>Clear</Link>
      </form>
      {problems.length > 0 && (
        <p role="alert" className="mt-4 text-sm text-red-700 dark:text-red-300">The filter was not applied: {problems.join(" ")}</p>
      )}
      {page && (page.entries.length === 0 ? (
        <p className="mt-6 text-sm text-slate-600 dark:text-slate-400">{filter.before ? "No older entries." : "Nothing in the log matches."}</p>
      ) : (
        <table className="mt-6 min-w-full text-left text-sm">
          <thead className="text-slate-600 dark:text-slate-400">
            <tr><th scope="col" className="py-2">When (UTC)</th><th scope="col">What</th><th scope="col">From</th></tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {page.entries.map((e) => (
              <tr key={e.id} data-testid="audit-entry" data-type={e.type}>
                <td className="whitespace-nowrap py-2 pr-4 font-mono text-xs">{e.at.toISOString().slice(0, 19).replace("T", " ")}</td>
                <td className="pr-4">{e.text}</td>
                <td className="text-xs text-slate-600 dark:text-slate-400">{e.ip ? `${e.ip} · ${e.userAgent ?? "unknown agent"}` : e.actorKind === "operator" ? "operator tools" : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      <nav aria-label="Audit log pages" className="mt-3 flex justify-between text-sm">
        {filter.before ? <Link href={await pageHref({ ...filter, before: undefined })} className={linkClass}>← Newest</Link> : <span />}
        {page?.older ? <Link href={await pageHref({ ...filter, before: page.older })} className={linkClass}>Older →</Link> : <span />}
      </nav>
    </main>
  );
}
