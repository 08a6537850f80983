import type { Metadata } from "next";
import { EmployeeForm } from "@/app/_components/employee-form";
import { cardClass } from "@/app/_components/styles";
import { SubpageHeader } from "@/app/_components/workspace-nav";
import { tenantPage } from "@/lib/tenancy";

export const metadata: Metadata = { title: "Add an employee" };

export default async function NewEmployeePage() {
  const data = await tenantPage(async (ctx) => {
    const { db } = ctx;
    const [projects, departments] = await Promise.all([
      db.project.findMany({ where: { status: { not: "archived" } }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
      db.employee.groupBy({ by: ["department"], orderBy: { department: "asc" } }),
    ]);
    return { ctx, projects, departments: departments.map((d) => d.department).filter(Boolean) };
  }, { permission: "employee.write" });
  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-8 sm:px-6">
      <SubpageHeader ctx={data.ctx} trail={[{ label: "Add an employee" }]} />
      <h1 className="mt-6 text-2xl font-semibold tracking-tight">Add an employee</h1>
      <section className={`mt-6 p-4 sm:p-6 ${cardClass}`}>
        {data.ctx.writable ? (
          <EmployeeForm projects={data.projects} departments={data.departments} />
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-300">Nothing can be added while the workspace is suspended.</p>
        )}
      </section>
    </main>
  );
}
