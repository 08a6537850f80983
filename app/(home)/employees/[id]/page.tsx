import type { Metadata } from "next";
import Link from "next/link";
import { cache } from "react";
import { removeEmployeeAction } from "@/app/_actions/employees";
import { ActionButton } from "@/app/_components/action-button";
import { EmployeeForm } from "@/app/_components/employee-form";
import { EventHistory } from "@/app/_components/event-history";
import { cardClass, linkClass } from "@/app/_components/styles";
import { SubpageHeader } from "@/app/_components/workspace-nav";
import { recordHistory } from "@/lib/dashboard/history";
import { getEmployee } from "@/lib/employees/employee-reads";
import { tenantPage, tenantPath } from "@/lib/tenancy";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ added?: string }> };

// Read once per render: the tab's title and the page share it.
const employeeOf = cache((id: string) => tenantPage(({ db }) => getEmployee(db, id)));

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await employeeOf((await params).id)).name };
}

export default async function EmployeePage({ params, searchParams }: Props) {
  const { id } = await params;
  const data = await tenantPage(async (ctx) => {
    const { db } = ctx;
    const employee = await employeeOf(id);
    const [projects, departments, history, projectNames] = await Promise.all([
      db.project.findMany({ where: { OR: [{ status: { not: "archived" } }, { id: employee.projectId ?? undefined }] }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
      db.employee.groupBy({ by: ["department"], orderBy: { department: "asc" } }),
      recordHistory(db, employee.id),
      db.project.findMany({ select: { id: true, name: true } }), // the history names the projects moved between
    ]);
    return {
      ctx, employee, projects, history, projectNames: Object.fromEntries(projectNames.map((p) => [p.id, p.name])),
      departments: departments.map((d) => d.department).filter(Boolean),
      canEdit: ctx.writable && ctx.can("employee.write"),
      canRemove: ctx.writable && ctx.can("employee.delete"),
    };
  });
  const { employee } = data;
  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-8 sm:px-6">
      <SubpageHeader ctx={data.ctx} subject={id} trail={[{ label: employee.name }]} />
      {(await searchParams).added && <p role="status" className="mt-4 text-sm text-green-700 dark:text-green-300">Added {employee.name}.</p>}
      <div className="mt-6 flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold tracking-tight">{employee.name}</h1>
        {data.canRemove && (
          <ActionButton action={removeEmployeeAction} fields={{ id: employee.id }} label={`Remove ${employee.name}`} text="Remove" pendingText="Removing…" confirm={`Remove ${employee.name}? This cannot be undone.`} />
        )}
      </div>
      <dl className="mt-4 grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
        <Item label="Email">{employee.email}</Item>
        <Item label="Title">{employee.title || "—"}</Item>
        <Item label="Department">{employee.department || "—"}</Item>
        <Item label="Project">
          {employee.projectId ? <Link className={linkClass} href={await tenantPath(`/projects/${employee.projectId}`)}>{employee.project?.name}</Link> : "No project"}
        </Item>
      </dl>
      {data.canEdit && (
        <section aria-labelledby="edit-heading" className={`mt-8 p-4 sm:p-6 ${cardClass}`}>
          <h2 id="edit-heading" className="mb-4 text-lg font-semibold">Edit</h2>
          <EmployeeForm employee={employee} projects={data.projects} departments={data.departments} />
        </section>
      )}
      <EventHistory events={data.history} projectNames={data.projectNames} />
    </main>
  );
}

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-slate-600 dark:text-slate-400">{label}</dt>
      <dd className="font-medium">{children}</dd>
    </div>
  );
}
