"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { createEmployee, removeEmployee, updateEmployee } from "@/lib/employees/employee-writes";
import { tenantAction, tenantPath } from "@/lib/tenancy";
import { formId, formInput } from "@/lib/validation";

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
