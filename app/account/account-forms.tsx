"use client";

import { useActionState } from "react";
import { changePasswordAction, renameAccountAction } from "@/app/_actions/account";
import { leaveWorkspaceAction } from "@/app/_actions/members";
import { FormDone, OtherProblems } from "@/app/_components/form-feedback";
import { primaryButtonClass } from "@/app/_components/styles";
import { TextField } from "@/app/_components/text-field";
import type { ActionState } from "@/lib/tenancy";

export function NameForm({ name }: { name: string }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(renameAccountAction, {});
  return (
    <form action={action} aria-label="Your name" className="space-y-2" noValidate>
      <OtherProblems state={state} fields={["name"]} />
      <TextField name="name" label="Name" state={state} autoComplete="name" defaultValue={name} />
      <FormDone state={state} />
      <button type="submit" disabled={pending} className={primaryButtonClass}>{pending ? "Saving…" : "Save name"}</button>
    </form>
  );
}

export function PasswordForm() {
  const [state, action, pending] = useActionState<ActionState, FormData>(changePasswordAction, {});
  return (
    <form action={action} aria-label="Change password" className="space-y-2" noValidate key={state.ok ? "done" : "editing"}>
      <OtherProblems state={state} fields={["current", "password"]} />
      <TextField name="current" label="Current password" type="password" state={state} autoComplete="current-password" />
      <TextField name="password" label="New password" type="password" state={state} autoComplete="new-password" hint="At least 10 characters. Other devices signed in to your account are signed out." />
      <FormDone state={state} />
      <button type="submit" disabled={pending} className={primaryButtonClass}>{pending ? "Changing…" : "Change password"}</button>
    </form>
  );
}

/** Leaves the workspace this page is on, after asking. */
export function LeaveWorkspaceForm({ workspace }: { workspace: string }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(leaveWorkspaceAction, {});
  return (
    <form action={action} onSubmit={(e) => !window.confirm(`Leave ${workspace}? You lose access until someone invites you again.`) && e.preventDefault()} className="space-y-2">
      {!state.ok && state.message && <p role="alert" className="text-sm text-red-700 dark:text-red-300">{state.message}</p>}
      <button type="submit" disabled={pending} className="rounded-md border border-red-300 px-3 py-1.5 text-sm font-semibold text-red-700 hover:bg-red-50 disabled:opacity-60 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950">
        {pending ? "Leaving…" : `Leave ${workspace}`}
      </button>
    </form>
  );
}
