"use client";

import { useActionState } from "react";
import { FormProblem } from "@/app/_components/form-feedback";
import { TextField as Field } from "@/app/_components/text-field";
import type { ActionState } from "@/lib/tenancy";
import { signUpAction } from "./actions";

export function SignUpForm({ host }: { host: string }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(signUpAction, {});
  return (
    <form action={action} className="mt-6 space-y-4" noValidate aria-label="Create a workspace">
      {!state.fields && <FormProblem state={state} />}
      <Field name="company" label="Company name" state={state} autoComplete="organization" />
      <Field name="slug" label="Workspace address" state={state} hint={`your-company.${host}`} />
      <Field name="name" label="Your name" state={state} autoComplete="name" />
      <Field name="email" label="Email" type="email" state={state} autoComplete="email" />
      <Field name="password" label="Password" type="password" state={state} autoComplete="new-password" hint="At least 10 characters." />
      <button type="submit" disabled={pending} className="w-full rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-60">
        {pending ? "Creating your workspace…" : "Create workspace"}
      </button>
    </form>
  );
}
