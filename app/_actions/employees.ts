"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { checkEmployeeCsv, importEmployeeCsv } from "@/lib/employees/employee-csv";
import { assignEmployees, createEmployee, removeEmployee, updateEmployee } from "@/lib/employees/employee-writes";
import { tenantAction, tenantPath } from "@/lib/tenancy";
import { formId, formInput, parseOrThrow } from "@/lib/validation";

// The dashboard's employee writes. Each is the JSON API's write path (lib/employees) behind a
// form: same validation, same events; the tenant and the caller's role are checked first.

const idOf = (form: FormData) => String(form.get("id") ?? "");

export const createEmployeeAction = tenantAction("employee.write", async ({ db, actor }, form) => {
  const employee = await createEmployee(db, formInput(form, { emptyAsNull: ["projectId"] }), actor);
  revalidatePath("/", "layout");
  redirect(await tenantPath(`/employees/${employee.id}?added=1`));
});

export const updateEmployeeAction = tenantAction("employee.write", async ({ db, actor }, form) => {
  const employee = await updateEmployee(db, idOf(form), formInput(form, { omit: ["id"], emptyAsNull: ["projectId"] }), actor);
  revalidatePath("/", "layout");
  return { ok: true, message: `Saved ${employee.name}.` };
});

export const removeEmployeeAction = tenantAction("employee.delete", async ({ db, actor }, form) => {
  await removeEmployee(db, formId(form), actor);
  revalidatePath("/", "layout");
  redirect(await tenantPath("/"));
});

// Assign to a project, or unassign with an empty projectId: the employee update, one field.
export const assignEmployeeAction = tenantAction("employee.write", async ({ db, actor }, form) => {
  const employee = await updateEmployee(db, idOf(form), formInput(form, { omit: ["id"], emptyAsNull: ["projectId"] }), actor);
  revalidatePath("/", "layout");
  return { ok: true, message: employee.projectId ? `Assigned ${employee.name}.` : `Unassigned ${employee.name}.` };
});

// The dashboard's selection: the checked rows' ids, and one project for all of them ("" = none).
export const assignSelectedAction = tenantAction("employee.write", async ({ db, actor }, form) => {
  const ids = form.getAll("ids").map(String);
  const { changed, selected } = await assignEmployees(db, { ...formInput(form, { omit: ["ids"], emptyAsNull: ["projectId"] }), ids }, actor);
  revalidatePath("/", "layout");
  const verb = form.get("projectId") ? "Assigned" : "Took off their project";
  return { ok: true, message: `${verb} ${changed} of ${selected} selected ${selected === 1 ? "employee" : "employees"}${changed < selected ? " (the others already were)" : ""}.` };
});

const csvForm = z.object({ file: z.instanceof(File, { error: "Choose a CSV file." }), intent: z.enum(["check", "import"]) }).strict();

// Checks a CSV file (intent "check": nothing is written) or imports it, all or nothing. The
// answer lists each bad row by its line in the file.
export const importEmployeesAction = tenantAction("employee.write", async ({ db, actor }, form) => {
  const { file, intent } = parseOrThrow(csvForm, formInput(form));
  const text = await file.text();
  if (intent === "check") {
    const { valid, problems } = await checkEmployeeCsv(db, text);
    if (problems.length > 0) return { code: "invalid_request", message: `${problems.length === 1 ? "1 problem" : `${problems.length} problems`} in the file: fix them, then check again.`, data: { problems } };
    return { ok: true, message: `${valid.length} ${valid.length === 1 ? "row is" : "rows are"} ready to import.`, data: { ready: valid.length } };
  }
  const result = await importEmployeeCsv(db, text, actor);
  if ("problems" in result) return { code: "invalid_request", message: "Nothing was imported: fix the rows below, then import again.", data: { problems: result.problems } };
  revalidatePath("/", "layout");
  return { ok: true, message: `Imported ${result.imported} ${result.imported === 1 ? "employee" : "employees"}.`, data: { imported: result.imported } };
});
