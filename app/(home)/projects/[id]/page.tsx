import type { Metadata } from "next";
import Link from "next/link";
import { cache } from "react";
import { assignEmployeeAction } from "@/app/_actions/employees";
import { archiveProjectAction } from "@/app/_actions/projects";
import { ActionButton } from "@/app/_components/action-button";
import { AssignForm } from "@/app/_components/assign-form";
import { EventHistory } from "@/app/_components/event-history";
import { PageNav } from "@/app/_components/page-nav";
import { ProjectForm } from "@/app/_components/project-form";
import { STATUS_LABEL } from "@/app/_components/project-status";
import { cardClass, linkClass } from "@/app/_components/styles";
import { SubpageHeader } from "@/app/_components/workspace-nav";
import { recordHistory } from "@/lib/dashboard/history";
import { listEmployees } from "@/lib/employees/employee-reads";
import { TenancyError } from "@/lib/errors";
import { pageParamsSchema } from "@/lib/pagination";
import { getProject } from "@/lib/projects/project-reads";
import { tenantPage, tenantPath } from "@/lib/tenancy";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

// Read once per render: the tab's title and the page share it.
const projectOf = cache((id: string) => tenantPage(({ db }) => getProject(db, id)));

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await projectOf((await params).id)).name };
}

export default async function ProjectPage({ params, searchParams }: Props) {
  const { id } = await params;
  const query = pageParamsSchema.safeParse({ after: (await searchParams).after, before: (await searchParams).before });
  const page = query.success ? query.data : { limit: 25 };
  const data = await tenantPage(async (ctx) => {
    const { db } = ctx;
    const project = await projectOf(id);
    const [members, candidates, history] = await Promise.all([
      listEmployees(db, page, { projectId: project.id }).catch((error) => {
        if (error instanceof TenancyError) return listEmployees(db, { limit: 25 }, { projectId: project.id }); // bad cursor
        throw error;
      }),
      db.employee.findMany({ where: { projectId: null }, orderBy: [{ name: "asc" }, { id: "asc" }], take: 100, select: { id: true, name: true } }),
      recordHistory(db, project.id),
    ]);
    const { writable } = ctx;
    return {
      ctx, project, members, candidates, history,
      canEdit: writable && ctx.can("project.write"),
      canAssign: writable && ctx.can("employee.write") && project.status !== "archived",
      canUnassign: writable && ctx.can("employee.write"),
      canArchive: writable && ctx.can("project.archive") && project.status !== "archived",
    };
  });
  const { project, members } = data;
  const pageHref = (cursor: { after: string } | { before: string }) => tenantPath(`/projects/${project.id}?${new URLSearchParams(cursor)}`);
  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-8 sm:px-6">
      <SubpageHeader ctx={data.ctx} subject={id} trail={[{ label: project.name }]} />
      <div className="mt-6 flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold tracking-tight">{project.name}</h1>
        {data.canArchive && (
          <ActionButton action={archiveProjectAction} fields={{ id: project.id }} label={`Archive ${project.name}`} text="Archive" pendingText="Archiving…" confirm={`Archive ${project.name}? Its members stay on it, but no one new can join.`} />
        )}
      </div>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        <span data-testid="project-status" className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-200">{STATUS_LABEL[project.status]}</span>
        {" "}{project._count.employees} {project._count.employees === 1 ? "person" : "people"}
      </p>

      {data.canEdit && (
        <section aria-labelledby="edit-heading" className={`mt-8 p-4 sm:p-6 ${cardClass}`}>
          <h2 id="edit-heading" className="mb-4 text-lg font-semibold">Edit</h2>
          <ProjectForm project={project} />
        </section>
      )}

      <section aria-labelledby="people-heading" className="mt-8">
        <h2 id="people-heading" className="text-lg font-semibold">People</h2>
        {data.canAssign && <div className="mt-3"><AssignForm projectId={project.id} candidates={data.candidates} /></div>}
        {members.data.length === 0 ? (
          <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">No one is on this project yet.</p>
        ) : (
          <ul className={`mt-3 divide-y divide-slate-100 dark:divide-slate-800 ${cardClass}`}>
            {await Promise.all(members.data.map(async (e) => (
              <li key={e.id} data-testid="project-member" className="flex items-center justify-between gap-3 px-4 py-2 text-sm">
                <span>
                  <Link href={await tenantPath(`/employees/${e.id}`)} className={linkClass}>{e.name}</Link>
                  <span className="ml-2 text-slate-600 dark:text-slate-400">{e.title}</span>
                </span>
                {data.canUnassign && (
                  <ActionButton action={assignEmployeeAction} fields={{ id: e.id, projectId: "" }} label={`Unassign ${e.name}`} text="Unassign" pendingText="Unassigning…" />
                )}
              </li>
            )))}
          </ul>
        )}
        <PageNav page={members} label="People pages" href={pageHref} />
      </section>
      <EventHistory events={data.history} />
    </main>
  );
}
