import { headers } from "next/headers";
import Link from "next/link";
import { leaveWorkspaceAction } from "@/app/_actions/workspaces";
import { RESOLVED_BY_HEADER, tenantPath } from "@/lib/tenancy/context";
import { SignOutButton } from "./sign-out-button";
import { dashboardStats } from "@/lib/dashboard/stats";
import { employeeListSchema, listEmployees } from "@/lib/employees/list-employees";
import { listProjects } from "@/lib/projects/list-projects";
import { can, inTenant, TenancyError, type Tenant } from "@/lib/tenancy";
import { LiveUpdates } from "./live-updates";
import { NewProjectForm } from "./new-project-form";

const STATUS_LABEL = { planned: "Planned", active: "Active", on_hold: "On hold", completed: "Completed", archived: "Archived" } as const;

const control = "rounded-md border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-700 dark:bg-slate-950";

type Props = { tenant: Tenant; searchParams: Record<string, string | string[] | undefined> };

export async function Dashboard({ tenant, searchParams }: Props) {
  const resolvedBy = (await headers()).get(RESOLVED_BY_HEADER);
  // Empty form fields mean "any"; a hand-edited or stale query shows the first, unfiltered page.
  const raw = Object.fromEntries(Object.entries(searchParams).filter(([k, v]) => typeof v === "string" && v !== "" && k !== "limit"));
  const parsed = employeeListSchema.safeParse(raw);
  const { q, department, projectId, ...page } = parsed.success ? parsed.data : employeeListSchema.parse({});
  const filters = { q, department, projectId };
  const filtered = Boolean(q || department || projectId);
  const pageHref = async (cursor: Record<string, string>) => {
    const query = new URLSearchParams(cursor);
    for (const [key, value] of Object.entries(filters)) if (value) query.set(key, value);
    return tenantPath(`/?${query}`);
  };
  const { stats, projects, employees, departments, role, userId } = await inTenant(async (db, { role, userId }) => ({
    role,
    userId,
    stats: await dashboardStats(db),
    projects: await listProjects(db, { limit: 100 }),
    employees: await listEmployees(db, page, filters).catch((error) => {
      if (error instanceof TenancyError) return listEmployees(db, { limit: page.limit }, filters); // bad cursor
      throw error;
    }),
    departments: (await db.employee.groupBy({ by: ["department"], orderBy: { department: "asc" } })).map((d) => d.department),
  }));
  const projectCount = Object.values(stats.projects).reduce((a, b) => a + b, 0);

  return (
    <div className="mx-auto max-w-6xl px-4 py-8 sm:px-6">
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold tracking-tight">{tenant.name}</h1>
        <div className="flex items-center gap-4">
          <p className="text-sm text-slate-500">{tenant.slug} · {tenant.plan} plan · {role}</p>
          {can(role, "member.read") && (
            <Link href={await tenantPath("/members")} className="text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400">Members</Link>
          )}
          {can(role, "api_key.manage") && (
            <Link href={await tenantPath("/settings/api-keys")} className="text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400">API keys</Link>
          )}
          {resolvedBy === "session" && (
            <form action={leaveWorkspaceAction}>
              <button type="submit" className="text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400">Switch workspace</button>
            </form>
          )}
          <SignOutButton />
        </div>
      </header>

      <LiveUpdates streamPath={await tenantPath("/api/events")} userId={userId} />
      {tenant.status === "suspended" && (
        <p role="status" className="mt-4 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
          This workspace is suspended. You can read everything in it, but nothing can be changed until an owner restores it.
        </p>
      )}

      <section aria-label="Summary" className="mt-6 grid grid-cols-2 gap-4 md:grid-cols-4">
        <Stat label="Headcount" value={stats.headcount} />
        <Stat label="Projects" value={projectCount} />
        <Stat label="Active projects" value={stats.projects.active ?? 0} />
        <Stat label="Without a project" value={stats.unassigned} />
      </section>

      <div className="mt-8 grid gap-8 lg:grid-cols-3">
        <section aria-labelledby="projects-heading" className="lg:col-span-1">
          <h2 id="projects-heading" className="text-lg font-semibold">Projects</h2>
          {can(role, "project.write") && tenant.status === "active" && <NewProjectForm />}
          {projects.data.length === 0 ? (
            <p className="mt-3 text-sm text-slate-500">No projects yet.</p>
          ) : (
            <ul className="mt-3 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
              {projects.data.map((p) => (
                <li key={p.id} className="flex items-center justify-between gap-3 px-4 py-3">
                  <span className="font-medium">{p.name}</span>
                  <span className="flex items-center gap-2 text-sm text-slate-500">
                    <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs dark:bg-slate-800">{STATUS_LABEL[p.status]}</span>
                    <span>{p._count.employees} people</span>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section aria-labelledby="employees-heading" className="lg:col-span-2">
          <h2 id="employees-heading" className="text-lg font-semibold">Employees</h2>
          <form role="search" aria-label="Filter employees" action={await tenantPath("/")} className="mt-3 flex flex-wrap gap-2 text-sm">
            <input name="q" type="search" defaultValue={q} aria-label="Search employees" placeholder="Search by name or email" className={control} />
            <select name="department" defaultValue={department ?? ""} aria-label="Department" className={control}>
              <option value="">All departments</option>
              {departments.map((d) => <option key={d} value={d}>{d}</option>)}
            </select>
            <select name="projectId" defaultValue={projectId ?? ""} aria-label="Project" className={control}>
              <option value="">All projects</option>
              <option value="none">No project</option>
              {projects.data.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
            </select>
            <button type="submit" className="rounded-md border border-slate-300 px-3 py-1.5 font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">Filter</button>
            {filtered && <Link href={await tenantPath("/")} className="self-center text-indigo-600 hover:underline dark:text-indigo-400">Clear</Link>}
          </form>
          {employees.data.length === 0 ? (
            <p className="mt-3 text-sm text-slate-500">{filtered ? "No employees match." : "No employees yet."}</p>
          ) : (
            <div className="mt-3 overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
              <table className="min-w-full text-left text-sm">
                <caption className="sr-only">Employees of {tenant.name}, by name</caption>
                <thead className="bg-slate-50 text-slate-600 dark:bg-slate-800 dark:text-slate-300">
                  <tr>
                    <th scope="col" className="px-4 py-2 font-medium">Name</th>
                    <th scope="col" className="px-4 py-2 font-medium">Title</th>
                    <th scope="col" className="hidden px-4 py-2 font-medium sm:table-cell">Department</th>
                    <th scope="col" className="hidden px-4 py-2 font-medium md:table-cell">Project</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                  {employees.data.map((e) => (
                    <tr key={e.id} data-testid="employee-row">
                      <td className="px-4 py-2">
                        <div className="font-medium">{e.name}</div>
                        <div className="text-xs text-slate-500">{e.email}</div>
                      </td>
                      <td className="px-4 py-2">{e.title}</td>
                      <td className="hidden px-4 py-2 sm:table-cell">{e.department}</td>
                      <td className="hidden px-4 py-2 md:table-cell">{e.project?.name ?? <span className="text-slate-400">—</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <nav aria-label="Employee pages" className="mt-3 flex justify-between text-sm">
            {employees.prevCursor ? (
              <Link className="font-medium text-indigo-600 hover:underline dark:text-indigo-400" href={await pageHref({ before: employees.prevCursor })}>← Previous</Link>
            ) : <span />}
            {employees.nextCursor ? (
              <Link className="font-medium text-indigo-600 hover:underline dark:text-indigo-400" href={await pageHref({ after: employees.nextCursor })}>Next →</Link>
            ) : <span />}
          </nav>
        </section>
      </div>
    </div>
  );
}

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <p className="text-sm text-slate-500">{label}</p>
      <p className="mt-1 text-3xl font-semibold tabular-nums">{value}</p>
    </div>
  );
}
