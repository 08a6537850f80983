"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/tenancy";

type Props = {
  action: (prev: ActionState, form: FormData) => Promise<ActionState>;
  /** Hidden fields the action reads, such as the id of the row. */
  fields: Record<string, string>;
  /** What the button does, for screen readers (the visible text is often just a verb). */
  label: string;
  text: string;
  pendingText: string;
  /** Asked before a destructive action; cancelling sends nothing. */
  confirm?: string;
};

/** A one-button form (revoke, remove, archive, unassign) with its pending state and its error. */
export function ActionButton({ action, fields, label, text, pendingText, confirm }: Props) {
  const [state, formAction, pending] = useActionState<ActionState, FormData>(action, {});
  return (
    <form action={formAction} onSubmit={(e) => confirm && !window.confirm(confirm) && e.preventDefault()} className="inline">
      {Object.entries(fields).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)}
      <button type="submit" disabled={pending} aria-label={label} className="text-sm font-medium text-red-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-500 disabled:opacity-60 dark:text-red-300">
        {pending ? pendingText : text}
      </button>
      {!state.ok && state.message && <span role="alert" className="ml-2 text-xs text-red-700 dark:text-red-300">{state.message}</span>}
    </form>
  );
}
