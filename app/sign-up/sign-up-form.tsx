"use client";

import { useActionState } from "react";
import { FormProblem } from "@/app/_components/form-feedback";
import type { ActionState } from "@/lib/tenancy";
import { signUpAction } from "./actions";

const input =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500 aria-[invalid=true]:border-red-500 dark:border-slate-700 dark:bg-slate-900";

function Field({ name, label, state, type = "text", hint, autoComplete }: { name: string; label: string; state: ActionState; type?: string; hint?: string; autoComplete?: string }) {
  const error = state.fields?.[name]?.[0];
  return (
    <label className="block text-sm font-medium">
      {label}
      <input
        name={name}
        type={type}
        autoComplete={autoComplete}
        defaultValue={type === "password" ? undefined : state.values?.[name]}
        aria-invalid={Boolean(error)}
        aria-describedby={error ? `${name}-error` : hint ? `${name}-hint` : undefined}
        className={input}
      />
      {error ? (
        <span id={`${name}-error`} className="mt-1 block text-sm font-normal text-red-700 dark:text-red-300">{error}</span>
      ) : hint ? (
        <span id={`${name}-hint`} className="mt-1 block text-xs font-normal text-slate-500">{hint}</span>
      ) : null}
    </label>
  );
}

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
