"use client";

import { useActionState, useId } from "react";
import { changeWorkspaceStatusAction } from "@/app/_actions/workspace-lifecycle";
import { FieldError, FormDone, OtherProblems } from "@/app/_components/form-feedback";
import type { ActionState } from "@/lib/tenancy";

const field = "mt-1 block w-full rounded-md border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950";

/** One lifecycle action, confirmed by typing the workspace's address. */
export function LifecycleForm({ action, slug, title, explanation, button }: { action: string; slug: string; title: string; explanation: string; button: string }) {
  const [state, submit, pending] = useActionState<ActionState, FormData>(changeWorkspaceStatusAction, {});
  const id = useId();
  return (
    <form action={submit} aria-labelledby={`${id}-title`} className="space-y-2 rounded-md border border-red-200 p-4 dark:border-red-900">
      <h3 id={`${id}-title`} className="font-semibold">{title}</h3>
      <p className="text-sm text-slate-600 dark:text-slate-300">{explanation}</p>
      <input type="hidden" name="action" value={action} />
      <label className="block text-sm font-medium">
        Reason (optional, kept in the audit trail)
        <input name="reason" defaultValue={state.ok ? "" : state.values?.reason} className={field} />
      </label>
      <label className="block text-sm font-medium">
        Type <code>{slug}</code> to confirm
        <input name="confirm" autoComplete="off" defaultValue="" className={field} aria-invalid={Boolean(state.fields?.confirm)} aria-describedby={`${id}-confirm`} />
      </label>
      <FieldError state={state} name="confirm" id={`${id}-confirm`} />
      <OtherProblems state={state} fields={["confirm", "reason"]} />
      <FormDone state={state} />
      <button type="submit" disabled={pending} className="rounded-md bg-red-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-red-500 disabled:opacity-60">
        {pending ? "Working…" : button}
      </button>
    </form>
  );
}
