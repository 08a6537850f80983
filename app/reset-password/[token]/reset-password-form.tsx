"use client";

import { useActionState } from "react";
import { OtherProblems } from "@/app/_components/form-feedback";
import { primaryButtonClass } from "@/app/_components/styles";
import { TextField } from "@/app/_components/text-field";
import type { ActionState } from "@/lib/tenancy";
import { resetPasswordAction } from "../actions";

export function ResetPasswordForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(resetPasswordAction, {});
  return (
    <form action={action} aria-label="Choose a new password" className="mt-6 space-y-4" noValidate>
      <input type="hidden" name="token" value={token} />
      <OtherProblems state={state} fields={["password"]} />
      <TextField name="password" label="New password" type="password" state={state} autoComplete="new-password" hint="At least 10 characters." />
      <button type="submit" disabled={pending} className={`w-full ${primaryButtonClass}`}>{pending ? "Saving…" : "Set the new password"}</button>
    </form>
  );
}
