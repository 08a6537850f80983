"use client";

import { useActionState } from "react";
import { createProjectAction } from "@/app/_actions/projects";
import type { ActionState } from "@/lib/tenancy";
import { FormDone } from "./form-feedback";
import { statusChoices } from "./project-status";

export function NewProjectForm() {
  const [state, action, pending] = useActionState<ActionState, FormData>(createProjectAction, {});
  const nameError = state.fields?.name?.[0];
  return (
    <form id="new-project" action={action} className="mt-3 space-y-2 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900" aria-label="New project">
      <div className="flex gap-2">
        <label className="flex-1 text-sm">
          <span className="sr-only">Project name</span>
          <input
            name="name"
            placeholder="New project name"
            defaultValue={state.ok ? "" : state.values?.name}
            key={state.ok ? state.message : "form"}
            aria-invalid={Boolean(nameError)}
            aria-describedby={nameError ? "new-project-error" : undefined}
            className="w-full rounded-md border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950"
          />
        </label>
        <label className="text-sm">
          <span className="sr-only">Status</span>
          <select name="status" defaultValue={state.values?.status ?? "active"} className="rounded-md border border-slate-300 px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950">
            {statusChoices().map(([value, label]) => (
              <option key={value} value={value}>{label}</option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={pending} className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-60">
          {pending ? "Adding…" : "Add"}
        </button>
      </div>
      {(nameError || (!state.ok && state.message)) && (
        <p id="new-project-error" role="alert" className="text-sm text-red-700 dark:text-red-300">{nameError ?? state.message}</p>
      )}
      <FormDone state={state} />
    </form>
  );
}
