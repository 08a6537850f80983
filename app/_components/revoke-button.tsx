"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/tenancy/tenant-action";

type Props = { action: (prev: ActionState, form: FormData) => Promise<ActionState>; id: string; label: string };

/** A one-button form that revokes something by id (an API key, an invitation), with its error. */
export function RevokeButton({ action, id, label }: Props) {
  const [state, formAction, pending] = useActionState<ActionState, FormData>(action, {});
  return (
    <form action={formAction}>
      <input type="hidden" name="id" value={id} />
      <button type="submit" disabled={pending} aria-label={label} className="text-sm font-medium text-red-700 hover:underline disabled:opacity-60 dark:text-red-300">
        {pending ? "Revoking…" : "Revoke"}
      </button>
      {!state.ok && state.message && <span role="alert" className="ml-2 text-xs text-red-700">{state.message}</span>}
    </form>
  );
}
