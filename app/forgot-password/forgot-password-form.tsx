"use client";

import { useActionState } from "react";
import { OtherProblems } from "@/app/_components/form-feedback";
import { primaryButtonClass } from "@/app/_components/styles";
import { TextField } from "@/app/_components/text-field";
import type { ActionState } from "@/lib/tenancy";
import { requestResetAction } from "./actions";

export function ForgotPasswordForm() {
  const [state, action, pending] = useActionState<ActionState, FormData>(requestResetAction, {});
  if (state.ok) return <p role="status" className="mt-6 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100">{state.message}</p>;
  return (
    <form action={action} aria-label="Ask for a reset link" className="mt-6 space-y-4" noValidate>
      <OtherProblems state={state} fields={["email"]} />
      <TextField name="email" label="Email" type="email" state={state} autoComplete="email" />
      <button type="submit" disabled={pending} className={`w-full ${primaryButtonClass}`}>{pending ? "Sending…" : "Email me a link"}</button>
    </form>
  );
}
