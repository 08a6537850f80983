import type { Metadata } from "next";
import { cardClass, linkClass } from "@/app/_components/styles";
import { SubpageHeader } from "@/app/_components/workspace-nav";
import { CSV_COLUMNS } from "@/lib/employees/employee-csv";
import { tenantPage, tenantPath } from "@/lib/tenancy";
import { ImportForm } from "./import-form";

export const metadata: Metadata = { title: "Import employees" };

export default async function ImportEmployeesPage() {
  const ctx = await tenantPage(async (ctx) => ctx, { permission: "employee.write" });
  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-8 sm:px-6">
      <SubpageHeader ctx={ctx} trail={[{ label: "Import employees" }]} />
      <h1 className="mt-6 text-2xl font-semibold tracking-tight">Import employees</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        A CSV file whose first line names its columns: <code>{CSV_COLUMNS.join(",")}</code> (name and email required; project by
        its name). Every row is checked as the form would check it; if any is wrong, nothing is imported and each bad row is
        listed by its line. The <a href={await tenantPath("/api/employees/export")} className={linkClass}>export</a> has the same columns.
      </p>
      <section className={`mt-6 p-4 sm:p-6 ${cardClass}`}>
        {ctx.writable ? <ImportForm /> : <p className="text-sm">This workspace is suspended: nothing can be imported until it is resumed.</p>}
      </section>
    </main>
  );
}
