"use client";

import { useActionState } from "react";
import { changePlanAction } from "@/app/_actions/plan";
import { OtherProblems } from "@/app/_components/form-feedback";
import type { ActionState } from "@/lib/tenancy";

/** Moves the workspace to one plan (a button per plan it is not on). */
export function PlanForm({ plan, label }: { plan: string; label: string }) {
  const [state, submit, pending] = useActionState<ActionState, FormData>(changePlanAction, {});
  return (
    <form action={submit} className="mt-3 space-y-2">
      <input type="hidden" name="plan" value={plan} />
      <button type="submit" disabled={pending} className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-semibold text-white hover:bg-slate-700 disabled:opacity-60 dark:bg-slate-100 dark:text-slate-900">
        {pending ? "Working…" : label}
      </button>
      <OtherProblems state={state} fields={[]} />
      {state.ok && <p role="status" className="text-sm text-green-700 dark:text-green-300">{state.message}</p>}
    </form>
  );
}
