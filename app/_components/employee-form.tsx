"use client";

import { useActionState } from "react";
import { createEmployeeAction, updateEmployeeAction } from "@/app/_actions/employees";
import type { ActionState } from "@/lib/tenancy";
import { FieldError, FormDone, OtherProblems } from "./form-feedback";
import { inputClass, primaryButtonClass } from "./styles";
import { useRecordEdit } from "./use-record-edit";

type Employee = { id: string; name: string; email: string; title: string; department: string; projectId: string | null; updatedAt: Date };
type Props = {
  /** The employee to edit; none to add one. */
  employee?: Employee;
  projects: { id: string; name: string }[];
  departments: string[];
};

const FIELDS = ["name", "email", "title", "department", "projectId"];

const NO_EMPLOYEE = { version: "", values: {} };

/**
 * Add or edit an employee. A refused form keeps what was typed and shows each field's reason; an
 * edit sends only the changed fields, against the version shown (see useRecordEdit).
 */
export function EmployeeForm({ employee, projects, departments }: Props) {
  const edit = useRecordEdit(
    employee
      ? { version: employee.updatedAt.toISOString(), values: { name: employee.name, email: employee.email, title: employee.title, department: employee.department, projectId: employee.projectId ?? "" } }
      : NO_EMPLOYEE,
    updateEmployeeAction,
  );
  const [state, action, pending] = useActionState<ActionState, FormData>(employee ? edit.submit : createEmployeeAction, {});
  const value = (name: string) => state.values?.[name] ?? edit.base.values[name] ?? "";
  const field = (name: string, label: string, props: React.InputHTMLAttributes<HTMLInputElement>) => (
    <div>
      <label htmlFor={`employee-${name}`} className="text-sm font-medium">{label}</label>
      <input
        key={edit.keys[name]}
        id={`employee-${name}`}
        name={name}
        defaultValue={value(name)}
        aria-invalid={Boolean(state.fields?.[name])}
        aria-describedby={state.fields?.[name] ? `employee-${name}-error` : undefined}
        className={`mt-1 ${inputClass}`}
        {...props}
      />
      <FieldError state={state} name={name} id={`employee-${name}-error`} />
    </div>
  );
  return (
    <form action={action} onChange={edit.onChange} aria-label={employee ? `Edit ${employee.name}` : "Add an employee"} className="space-y-4">
      {employee && <input type="hidden" name="id" value={employee.id} />}
      <OtherProblems state={state} fields={FIELDS} />
      <div className="grid gap-4 sm:grid-cols-2">
        {field("name", "Name", { required: true, autoComplete: "off" })}
        {field("email", "Email", { type: "email", required: true, autoComplete: "off" })}
        {field("title", "Title", {})}
        {field("department", "Department", { list: "employee-departments" })}
        <datalist id="employee-departments">{departments.map((d) => <option key={d} value={d} />)}</datalist>
        <div>
          <label htmlFor="employee-projectId" className="text-sm font-medium">Project</label>
          <select
            key={edit.keys.projectId}
            id="employee-projectId"
            name="projectId"
            defaultValue={value("projectId")}
            aria-invalid={Boolean(state.fields?.projectId)}
            aria-describedby={state.fields?.projectId ? "employee-projectId-error" : undefined}
            className={`mt-1 ${inputClass}`}
          >
            <option value="">No project</option>
            {projects.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
          </select>
          <FieldError state={state} name="projectId" id="employee-projectId-error" />
        </div>
      </div>
      <div className="flex items-center gap-3">
        <button type="submit" disabled={pending} className={primaryButtonClass}>
          {pending ? "Saving…" : employee ? "Save changes" : "Add employee"}
        </button>
        <FormDone state={state} />
      </div>
    </form>
  );
}
