"use client";

import { useActionState } from "react";
import { inviteAction } from "@/app/_actions/invitations";
import { FormProblem, OneTimeSecret } from "@/app/_components/form-feedback";
import { RoleSelect } from "@/app/_components/role-select";
import type { ActionState } from "@/lib/tenancy";

const field = "mt-1 block rounded-md border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950";

export function InviteForm({ origin }: { origin: string }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(inviteAction, {});
  const path = state.data?.path as string | undefined;
  return (
    <div className="space-y-3">
      <form action={action} aria-label="Invite someone" className="flex flex-wrap items-end gap-2">
        <label className="text-sm font-medium">
          Email
          <input name="email" type="email" defaultValue={state.ok ? "" : state.values?.email} aria-invalid={Boolean(state.fields?.email)} className={field} />
        </label>
        <label className="text-sm font-medium">
          Role
          <RoleSelect defaultValue={state.values?.role ?? "member"} className={field} />
        </label>
        <button type="submit" disabled={pending} className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-60">
          {pending ? "Inviting…" : "Invite"}
        </button>
      </form>
      <FormProblem state={state} />
      {path && <OneTimeSecret message={state.message} value={`${origin}${path}`} testId="invitation-link" />}
    </div>
  );
}
