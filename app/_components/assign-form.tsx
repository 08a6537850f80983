"use client";

import { useActionState } from "react";
import { assignEmployeeAction } from "@/app/_actions/employees";
import type { ActionState } from "@/lib/tenancy";
import { FormDone, FormProblem } from "./form-feedback";
import { inputClass, primaryButtonClass } from "./styles";

/** Puts one of the people without a project on this project. */
export function AssignForm({ projectId, candidates }: { projectId: string; candidates: { id: string; name: string }[] }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(assignEmployeeAction, {});
  if (candidates.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">Everyone already has a project.</p>;
  return (
    <form action={action} aria-label="Assign someone" className="space-y-2">
      <input type="hidden" name="projectId" value={projectId} />
      <div className="flex gap-2">
        <label htmlFor="assign-employee" className="sr-only">Employee without a project</label>
        <select id="assign-employee" name="id" required className={inputClass} defaultValue="">
          <option value="" disabled>Choose someone without a project…</option>
          {candidates.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
        </select>
        <button type="submit" disabled={pending} className={primaryButtonClass}>{pending ? "Assigning…" : "Assign"}</button>
      </div>
      <FormProblem state={state} />
      <FormDone state={state} />
    </form>
  );
}
