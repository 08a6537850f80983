"use client";

import { useActionState } from "react";
import { updateProjectAction } from "@/app/_actions/projects";
import type { ProjectStatus } from "@/lib/projects/project-writes";
import type { ActionState } from "@/lib/tenancy";
import { FieldError, FormDone, OtherProblems } from "./form-feedback";
import { statusChoices } from "./project-status";
import { inputClass, primaryButtonClass } from "./styles";
import { useRecordEdit } from "./use-record-edit";

/**
 * Rename a project or change its status; a refused form keeps what was typed. Only changed fields
 * are sent, against the version shown (see useRecordEdit).
 */
export function ProjectForm({ project }: { project: { id: string; name: string; status: ProjectStatus; updatedAt: Date } }) {
  const edit = useRecordEdit({ version: project.updatedAt.toISOString(), values: { name: project.name, status: project.status } }, updateProjectAction);
  const [state, action, pending] = useActionState<ActionState, FormData>(edit.submit, {});
  const base = edit.base.values;
  return (
    <form action={action} onChange={edit.onChange} aria-label={`Edit ${project.name}`} className="space-y-4">
      <input type="hidden" name="id" value={project.id} />
      <OtherProblems state={state} fields={["name", "status"]} />
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor="project-name" className="text-sm font-medium">Name</label>
          <input
            key={edit.keys.name}
            id="project-name"
            name="name"
            required
            defaultValue={state.values?.name ?? base.name}
            aria-invalid={Boolean(state.fields?.name)}
            aria-describedby={state.fields?.name ? "project-name-error" : undefined}
            className={`mt-1 ${inputClass}`}
          />
          <FieldError state={state} name="name" id="project-name-error" />
        </div>
        <div>
          <label htmlFor="project-status" className="text-sm font-medium">Status</label>
          <select
            key={edit.keys.status}
            id="project-status"
            name="status"
            defaultValue={state.values?.status ?? base.status}
            aria-invalid={Boolean(state.fields?.status)}
            aria-describedby={state.fields?.status ? "project-status-error" : undefined}
            className={`mt-1 ${inputClass}`}
          >
            {statusChoices(base.status as ProjectStatus).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
          <FieldError state={state} name="status" id="project-status-error" />
        </div>
      </div>
      <div className="flex items-center gap-3">
        <button type="submit" disabled={pending} className={primaryButtonClass}>{pending ? "Saving…" : "Save changes"}</button>
        <FormDone state={state} />
      </div>
    </form>
  );
}
