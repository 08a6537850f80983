"use client";

import { useActionState } from "react";
import { acceptInvitationAction, createAccountAndAcceptAction } from "@/app/_actions/invitations";
import { FormProblem, OtherProblems } from "@/app/_components/form-feedback";
import { TextField } from "@/app/_components/text-field";
import type { ActionState } from "@/lib/tenancy";

const button = "w-full rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-60";

export function AcceptForm({ token, tenantName, role }: { token: string; tenantName: string; role: string }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(acceptInvitationAction, {});
  return (
    <form action={action} className="mt-6 space-y-3">
      <input type="hidden" name="token" value={token} />
      <FormProblem state={state} />
      <button type="submit" disabled={pending} className={button}>{pending ? "Joining…" : `Join ${tenantName} as ${role}`}</button>
    </form>
  );
}

export function CreateAccountForm({ token, email }: { token: string; email: string }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(createAccountAndAcceptAction, {});
  return (
    <form action={action} className="mt-4 space-y-3" aria-label="Create your account">
      <input type="hidden" name="token" value={token} />
      <p className="text-sm text-slate-600 dark:text-slate-300">New here? Create your account for <strong>{email}</strong>.</p>
      <OtherProblems state={state} fields={["name", "password"]} />
      <TextField name="name" label="Your name" state={state} autoComplete="name" />
      <TextField name="password" label="Choose a password" type="password" state={state} autoComplete="new-password" hint="At least 10 characters." />
      <button type="submit" disabled={pending} className={button}>{pending ? "Creating your account…" : "Create account and join"}</button>
    </form>
  );
}
