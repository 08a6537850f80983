"use client";

import { useActionState, useEffect, useState } from "react";
import { assignSelectedAction } from "@/app/_actions/employees";
import type { ActionState } from "@/lib/tenancy";
import { FormDone, FormProblem } from "./form-feedback";
import { controlClass, primaryButtonClass } from "./styles";

export const BULK_FORM = "bulk-assign";
const boxes = () => [...document.querySelectorAll<HTMLInputElement>(`input[type=checkbox][name=ids][form=${BULK_FORM}]`)];

/**
 * Puts the employees checked in the table on one project, or none. The table's checkboxes belong
 * to this form through their `form` attribute, so the table stays a plain server-rendered table.
 */
export function BulkAssignForm({ projects }: { projects: { id: string; name: string }[] }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(assignSelectedAction, {});
  const [selected, setSelected] = useState(0);
  useEffect(() => {
    const count = () => setSelected(boxes().filter((b) => b.checked).length);
    document.addEventListener("change", count);
    count();
    return () => document.removeEventListener("change", count);
  }, []);
  useEffect(() => {
    if (!state.ok) return;
    for (const box of boxes()) box.checked = false;
    setSelected(0);
  }, [state]);
  return (
    <form id={BULK_FORM} action={action} aria-label="Assign the selected employees" className="mt-3 flex flex-wrap items-center gap-2 text-sm">
      <span aria-live="polite" className="text-slate-600 dark:text-slate-400">{selected === 0 ? "Select employees to assign them together." : `${selected} selected`}</span>
      <select name="projectId" aria-label="Project for the selected employees" className={controlClass} defaultValue="">
        <option value="">No project</option>
        {projects.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
      </select>
      <button type="submit" disabled={pending || selected === 0} className={primaryButtonClass}>{pending ? "Applying…" : "Apply to selected"}</button>
      <FormDone state={state} />
      <FormProblem state={state} />
    </form>
  );
}

/** The header's checkbox: checks or clears every row on this page. */
export function SelectAllBox() {
  return (
    <input
      type="checkbox"
      aria-label="Select every employee on this page"
      className="size-5 align-middle"
      onChange={(e) => {
        for (const box of boxes()) box.checked = e.target.checked;
        document.dispatchEvent(new Event("change"));
      }}
    />
  );
}
