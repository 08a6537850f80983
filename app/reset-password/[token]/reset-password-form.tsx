"use client";

import { useActionState } from "react";
import { FieldError, OtherProblems } from "@/app/_components/form-feedback";
import { inputClass, primaryButtonClass } from "@/app/_components/styles";
import type { ActionState } from "@/lib/tenancy";
import { resetPasswordAction } from "../actions";

export function ResetPasswordForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(resetPasswordAction, {});
  const invalid = Boolean(state.fields?.password);
  return (
    <form action={action} aria-label="Choose a new password" className="mt-6 space-y-4" noValidate>
      <input type="hidden" name="token" value={token} />
      <OtherProblems state={state} fields={["password"]} />
      <label className="block text-sm font-medium">
        New password
        <input name="password" type="password" autoComplete="new-password" required aria-invalid={invalid} aria-describedby={invalid ? "password-error password-hint" : "password-hint"} className={`mt-1 ${inputClass}`} />
      </label>
      <p id="password-hint" className="text-xs text-slate-600 dark:text-slate-400">At least 10 characters.</p>
      <FieldError state={state} name="password" id="password-error" />
      <button type="submit" disabled={pending} className={`w-full ${primaryButtonClass}`}>{pending ? "Saving…" : "Set the new password"}</button>
    </form>
  );
}
