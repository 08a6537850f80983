import Link from "next/link";
import { liveSummary } from "@/lib/dashboard/live-summary";
import { countEmployees, employeeListSchema, listEmployees, type EmployeeSort, type EmployeeSortKey } from "@/lib/employees/employee-reads";
import { TenancyError } from "@/lib/errors";
import { DEFAULT_PAGE_SIZE } from "@/lib/pagination";
import { tenantPage, tenantPath } from "@/lib/tenancy";
import { BULK_FORM, BulkAssignForm, SelectAllBox } from "./bulk-assign-form";
import { EmployeesChangedNotice, LiveProjects, LiveStats } from "./live-dashboard";
import { LocalTime } from "./local-time";
import { NewProjectForm } from "./new-project-form";
import { PageNav } from "./page-nav";
import { ListFilterForm } from "./list-filter-form";
import { Onboarding } from "./onboarding";
import { cardClass, controlClass, linkClass, primaryButtonClass } from "./styles";
import { WorkspaceNav } from "./workspace-nav";

type Props = { searchParams: Record<string, string | string[] | undefined> };

const COLUMNS: { key: EmployeeSortKey; label: string; className?: string }[] = [
  { key: "name", label: "Name" },
  { key: "title", label: "Title" },
  { key: "department", label: "Department", className: "hidden sm:table-cell" },
  { key: "project", label: "Project", className: "hidden md:table-cell" },
  { key: "added", label: "Added", className: "hidden lg:table-cell" },
];

const PAGE_SIZES = [10, DEFAULT_PAGE_SIZE, 50, 100];

export async function Dashboard({ searchParams }: Props) {
  // Empty form fields mean "any". A setting the list cannot use (a hand-edited or stale query) is
  // left out, and the page says which and why instead of silently showing something else.
  const raw = Object.fromEntries(Object.entries(searchParams).filter(([, v]) => typeof v === "string" && v !== "")) as Record<string, string>;
  const { settings, problems } = usableSettings(raw);
  const { q, department, projectId, sort, ...page } = settings;
  const filters = { q, department, projectId };
  const filtered = Boolean(q || department || projectId);
  const href = async (params: Record<string, string | undefined>) => {
    const query = new URLSearchParams();
    const limit = page.limit === DEFAULT_PAGE_SIZE ? undefined : String(page.limit);
    for (const [key, value] of Object.entries({ ...filters, sort: sort === "name" ? undefined : sort, limit, ...params })) if (value) query.set(key, value);
    return tenantPath(query.size ? `/?${query}` : "/");
  };
  // The reads run side by side, each on its own tenant-bound statement.
  const { ctx, summary, projects, employees, matching, departments } = await tenantPage(async (ctx) => {
    const { db } = ctx;
    const [summary, employees, departments, matching] = await Promise.all([
      liveSummary(db),
      listEmployees(db, page, { ...filters, sort }).catch((error) => {
        if (!(error instanceof TenancyError)) throw error;
        problems.push(`${page.after ? "after" : "before"}: not a page of this list (showing the first page)`);
        return listEmployees(db, { limit: page.limit }, { ...filters, sort });
      }),
      db.employee.groupBy({ by: ["department"], orderBy: { department: "asc" } }),
      // Unfiltered, the summary's headcount is the count already.
      filtered ? countEmployees(db, filters) : null,
    ]);
    return { ctx, summary, projects: summary.projects, employees, matching, departments: departments.map((d) => d.department).filter(Boolean) };
  });
  const { tenant, writable } = ctx;
  const canWrite = ctx.can("employee.write") && writable;
  const people = summary.stats.headcount;
  const projectCount = Object.values(summary.stats.projects).reduce((a, b) => a + b, 0);
  const sortLink = async (key: EmployeeSortKey) => href({ sort: (sort === key ? `-${key}` : key) as EmployeeSort, after: undefined, before: undefined });
  const ariaSort = (key: EmployeeSortKey) => (sort === key ? "ascending" : sort === `-${key}` ? "descending" : undefined);

  return (
    <main id="main" className="mx-auto max-w-6xl px-4 py-8 sm:px-6">
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold tracking-tight">{tenant.name}</h1>
        <WorkspaceNav ctx={ctx} live={{ kind: "apply", cursor: summary.cursor }} />
      </header>

      {(people === 0 || projectCount === 0) && <Onboarding ctx={ctx} projects={projectCount} people={people} />}
      {/* A brand-new workspace shows its first steps, not a row of zeros. */}
      {(people > 0 || projectCount > 0) && (
        <LiveStats
          initial={summary}
          links={{
            headcount: await href({ q: undefined, department: undefined, projectId: undefined }),
            projects: "#projects-heading",
            unassigned: await href({ q: undefined, department: undefined, projectId: "none" }),
          }}
        />
      )}

      <div className="mt-8 grid gap-8 lg:grid-cols-3">
        <section aria-labelledby="projects-heading" className="lg:col-span-1">
          <div className="flex items-baseline justify-between gap-2">
            <h2 id="projects-heading" className="text-lg font-semibold">Projects</h2>
            <a href={await tenantPath("/api/projects/export")} aria-label="Export CSV of projects" className={`text-sm ${linkClass}`}>Export CSV</a>
          </div>
          {ctx.can("project.write") && writable && <NewProjectForm />}
          <LiveProjects initial={summary} projectsPath={await tenantPath("/projects")} />
        </section>

        <section aria-labelledby="employees-heading" className="lg:col-span-2">
          <div className="flex items-center justify-between gap-2">
            <h2 id="employees-heading" className="text-lg font-semibold">
              Employees <span data-testid="employee-count" className="text-sm font-normal text-slate-600 dark:text-slate-400">{matching === null ? `${people} in all` : `${matching} of ${people} match`}</span>
            </h2>
            <span className="flex flex-wrap items-center gap-3 text-sm">
              <a href={await tenantPath("/api/employees/export")} aria-label="Export CSV of employees" className={linkClass}>Export CSV</a>
              {canWrite && <Link href={await tenantPath("/employees/import")} className={linkClass}>Import CSV</Link>}
              {canWrite && <Link href={await tenantPath("/employees/new")} className={primaryButtonClass}>Add employee</Link>}
            </span>
          </div>
          <ListFilterForm
            label="Filter employees"
            action={await tenantPath("/")}
            current={{ q: raw.q ?? "", department: department ?? "", projectId: projectId ?? "", limit: String(page.limit) }}
            className="mt-3 flex flex-wrap gap-2 text-sm"
          >
            {sort !== "name" && <input type="hidden" name="sort" value={sort} />}
            <input name="q" type="search" defaultValue={raw.q ?? ""} aria-label="Search employees" placeholder="Search by name or email" className={controlClass} />
            <select name="department" defaultValue={department ?? ""} aria-label="Department" className={controlClass}>
              <option value="">All departments</option>
              {departments.map((d) => <option key={d} value={d}>{d}</option>)}
            </select>
            <select name="projectId" defaultValue={projectId ?? ""} aria-label="Project" className={controlClass}>
              <option value="">All projects</option>
              <option value="none">No project</option>
              {projects.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
            </select>
            <select name="limit" defaultValue={String(page.limit)} aria-label="Employees per page" className={controlClass}>
              {PAGE_SIZES.map((n) => <option key={n} value={n}>{n} per page</option>)}
            </select>
            <button type="submit" className="rounded-md border border-slate-300 px-3 py-1.5 font-medium hover:bg-slate-100 focus-visible:ring-2 focus-visible:ring-indigo-500 dark:border-slate-700 dark:hover:bg-slate-800">Filter</button>
            {filtered && <Link href={await href({ q: undefined, department: undefined, projectId: undefined })} className={`inline-flex min-h-8 items-center ${linkClass}`}>Clear</Link>}
          </ListFilterForm>
          {problems.length > 0 && (
            <div role="alert" className="mt-3 rounded-md border border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
              <p>Some of this list&apos;s settings could not be used, so they were left out:</p>
              <ul className="mt-1 list-disc pl-5">
                {problems.map((problem) => <li key={problem}>{problem}</li>)}
              </ul>
            </div>
          )}
          {canWrite && employees.data.length > 0 && <BulkAssignForm projects={projects.filter((p) => p.status !== "archived").map(({ id, name }) => ({ id, name }))} />}
          {employees.data.length === 0 ? (
            <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">{filtered ? "No employees match." : "No employees yet."}</p>
          ) : (
            <div className={`mt-3 overflow-x-auto ${cardClass}`}>
              <table className="min-w-full text-left text-sm">
                <caption className="sr-only">Employees of {tenant.name}; column headers sort the table</caption>
                <thead className="bg-slate-50 text-slate-600 dark:bg-slate-800 dark:text-slate-300">
                  <tr>
                    {canWrite && <th scope="col" className="w-10 px-4 py-2"><SelectAllBox /></th>}
                    {await Promise.all(COLUMNS.map(async (c) => (
                      <th key={c.key} scope="col" aria-sort={ariaSort(c.key)} className={`px-4 py-2 font-medium ${c.className ?? ""}`}>
                        <Link href={await sortLink(c.key)} className="hover:underline focus-visible:outline-2 focus-visible:outline-indigo-500">
                          {c.label}
                          <span aria-hidden="true" className="ml-1 text-xs">{ariaSort(c.key) === "ascending" ? "▲" : ariaSort(c.key) === "descending" ? "▼" : ""}</span>
                        </Link>
                      </th>
                    )))}
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                  {await Promise.all(employees.data.map(async (e) => (
                    <tr key={e.id} data-testid="employee-row">
                      {canWrite && (
                        <td className="px-4 py-2">
                          <input type="checkbox" name="ids" value={e.id} form={BULK_FORM} aria-label={`Select ${e.name}`} className="size-5 align-middle" />
                        </td>
                      )}
                      <td data-column="name" className="px-4 py-2">
                        <Link href={await tenantPath(`/employees/${e.id}`)} className={linkClass}>{e.name}</Link>
                        <div className="text-xs text-slate-600 dark:text-slate-400">{e.email}</div>
                      </td>
                      <td data-column="title" className="px-4 py-2">{e.title}</td>
                      <td data-column="department" className="hidden px-4 py-2 sm:table-cell">{e.department}</td>
                      <td data-column="project" className="hidden px-4 py-2 md:table-cell">{e.project?.name ?? <span className="text-slate-600 dark:text-slate-400">—</span>}</td>
                      <td data-column="added" className="hidden px-4 py-2 whitespace-nowrap text-slate-600 lg:table-cell dark:text-slate-400"><LocalTime iso={e.createdAt.toISOString()} dateOnly /></td>
                    </tr>
                  )))}
                </tbody>
              </table>
            </div>
          )}
          <EmployeesChangedNotice />
          <PageNav page={employees} label="Employee pages" href={href} />
        </section>
      </div>
    </main>
  );
}

/** The list settings that validate; each one that does not is left out and named with its reason. */
function usableSettings(raw: Record<string, string>) {
  const problems: string[] = [];
  let given = raw;
  for (;;) {
    const parsed = employeeListSchema.safeParse(given);
    if (parsed.success) return { settings: parsed.data, problems };
    // A field that fails names itself; parameters the list does not have come as one issue listing them.
    const bad = new Set(parsed.error.issues.flatMap((issue) => (issue.code === "unrecognized_keys" ? issue.keys : [String(issue.path[0])])));
    for (const issue of parsed.error.issues) {
      if (issue.code === "unrecognized_keys") for (const key of issue.keys) problems.push(`${key}: not a setting of this list`);
      else problems.push(`${String(issue.path[0])}: ${issue.message}`);
    }
    const kept = Object.fromEntries(Object.entries(given).filter(([key]) => !bad.has(key)));
    if (Object.keys(kept).length === Object.keys(given).length) return { settings: employeeListSchema.parse({}), problems };
    given = kept;
  }
}
