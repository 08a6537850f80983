"use client";

import { useActionState } from "react";
import { changePlanAction } from "@/app/_actions/plan";
import { FormDone, OtherProblems } from "@/app/_components/form-feedback";
import type { ActionState } from "@/lib/tenancy";

/**
 * Moves the workspace to one plan. Every plan has one, the current plan's disabled, so the form
 * that made a change stays on the page to say so.
 */
export function PlanForm({ plan, label, current }: { plan: string; label: string; current: boolean }) {
  const [state, submit, pending] = useActionState<ActionState, FormData>(changePlanAction, {});
  return (
    <form action={submit} className="mt-3 space-y-2">
      <input type="hidden" name="plan" value={plan} />
      <button type="submit" disabled={pending || current} className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-semibold text-white hover:bg-slate-700 disabled:opacity-60 dark:bg-slate-100 dark:text-slate-900">
        {pending ? "Working…" : current ? "Your plan" : label}
      </button>
      <OtherProblems state={state} fields={[]} />
      <FormDone state={state} />
    </form>
  );
}
