"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import type { LiveSummary } from "@/lib/dashboard/live-summary";
import { CHANGE_EVENT, SUMMARY_EVENT } from "./live-updates";
import { STATUS_LABEL } from "./project-status";
import { cardClass, linkClass } from "./styles";

// The dashboard's live parts: they start from the server's render and then apply the `summary`
// events the stream brings (see LiveUpdates' `apply` mode), so an open dashboard costs the server
// nothing per change.

/** The latest summary: the render's, until the stream brings a newer one. */
function useLiveSummary(initial: LiveSummary): LiveSummary {
  const [summary, setSummary] = useState(initial);
  useEffect(() => setSummary(initial), [initial]);
  useEffect(() => {
    const onSummary = (event: Event) => setSummary((event as CustomEvent<LiveSummary>).detail);
    window.addEventListener(SUMMARY_EVENT, onSummary);
    return () => window.removeEventListener(SUMMARY_EVENT, onSummary);
  }, []);
  return summary;
}

/** Where a stat card leads: the employee list filtered to what it counts, or the projects. */
type StatLinks = { headcount: string; projects: string; unassigned: string };

export function LiveStats({ initial, links }: { initial: LiveSummary; links: StatLinks }) {
  const { stats } = useLiveSummary(initial);
  const projectCount = Object.values(stats.projects).reduce((a, b) => a + b, 0);
  const byStatus = (Object.keys(STATUS_LABEL) as (keyof typeof STATUS_LABEL)[]).filter((s) => stats.projects[s]).map((s) => `${stats.projects[s]} ${STATUS_LABEL[s].toLowerCase()}`);
  return (
    <section aria-label="Summary" className="mt-6 grid grid-cols-2 gap-4 md:grid-cols-4">
      <Stat label="Headcount" value={stats.headcount} href={links.headcount} />
      <Stat label="Projects" value={projectCount} detail={byStatus.join(" · ") || "None yet"} href={links.projects} />
      <Stat label="Without a project" value={stats.unassigned} href={links.unassigned} />
      <Stat label="Changes today" value={stats.changesToday} detail="since 00:00 UTC" />
    </section>
  );
}

function Stat({ label, value, detail, href }: { label: string; value: number; detail?: string; href?: string }) {
  const body = (
    <>
      <span className="block text-sm text-slate-600 dark:text-slate-400">{label}</span>
      <span data-stat-value className="mt-1 block text-3xl font-semibold tabular-nums">{value}</span>
      {detail && <span className="mt-1 block text-xs text-slate-600 dark:text-slate-400">{detail}</span>}
    </>
  );
  return href ? (
    <Link href={href} data-testid={`stat-${label}`} className={`block p-4 hover:border-indigo-400 focus-visible:outline-2 focus-visible:outline-indigo-500 ${cardClass}`}>{body}</Link>
  ) : (
    <div data-testid={`stat-${label}`} className={`p-4 ${cardClass}`}>{body}</div>
  );
}

/** The projects, open ones listed and archived ones folded away; `projectsPath` is where a project's page lives. */
export function LiveProjects({ initial, projectsPath }: { initial: LiveSummary; projectsPath: string }) {
  const { projects } = useLiveSummary(initial);
  const open = projects.filter((p) => p.status !== "archived");
  const archived = projects.filter((p) => p.status === "archived");
  return (
    <>
      {open.length === 0 ? (
        <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">No projects yet.</p>
      ) : (
        <ul aria-label="Projects" className={`mt-3 divide-y divide-slate-200 dark:divide-slate-800 ${cardClass}`}>
          {open.map((p) => (
            <li key={p.id} className="flex items-center justify-between gap-3 px-4 py-3">
              <Link href={`${projectsPath}/${p.id}`} className={linkClass}>{p.name}</Link>
              <span className="flex shrink-0 items-center gap-2 text-sm text-slate-600 dark:text-slate-400">
                <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-200">{STATUS_LABEL[p.status]}</span>
                <span>{p.people} {p.people === 1 ? "person" : "people"}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
      {archived.length > 0 && (
        <details className="mt-3 text-sm">
          <summary className="cursor-pointer text-slate-600 dark:text-slate-400">Archived ({archived.length})</summary>
          <ul className="mt-2 space-y-1 pl-4">
            {archived.map((p) => (
              <li key={p.id}><Link href={`${projectsPath}/${p.id}`} className={linkClass}>{p.name}</Link> <span className="text-slate-600 dark:text-slate-400">{p.people} people</span></li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

const EMPLOYEE_CHANGES = new Set(["employee.created", "employee.updated", "employee.removed", "assignment.changed"]);

/**
 * The employee table is this viewer's own (their search, filters, sort and page), so no shared
 * summary can redraw it: a change to employees offers to load the table afresh, once, when the
 * viewer asks, instead of every open dashboard asking the server on every change.
 */
export function EmployeesChangedNotice() {
  const router = useRouter();
  const [changes, setChanges] = useState(0);
  useEffect(() => {
    const onChange = (event: Event) => {
      if (EMPLOYEE_CHANGES.has((event as CustomEvent<{ type: string }>).detail.type)) setChanges((n) => n + 1);
    };
    window.addEventListener(CHANGE_EVENT, onChange);
    return () => window.removeEventListener(CHANGE_EVENT, onChange);
  }, []);
  if (changes === 0) return null;
  return (
    <p role="status" className="mt-3 flex items-center justify-between gap-3 rounded-md border border-indigo-200 bg-indigo-50 px-4 py-2 text-sm text-indigo-900 dark:border-indigo-800 dark:bg-indigo-950 dark:text-indigo-100">
      <span>{changes === 1 ? "An employee was changed" : `${changes} changes to employees`} since this list was loaded.</span>
      <button
        type="button"
        className={linkClass}
        onClick={() => {
          setChanges(0);
          router.refresh();
        }}
      >
        Show the latest
      </button>
    </p>
  );
}
