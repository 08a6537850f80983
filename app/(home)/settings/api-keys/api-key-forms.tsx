"use client";

import { useActionState } from "react";
import { createApiKeyAction } from "@/app/_actions/api-keys";
import { FormProblem, OneTimeSecret } from "@/app/_components/form-feedback";
import { RoleSelect } from "@/app/_components/role-select";
import type { ActionState } from "@/lib/tenancy";

const field = "rounded-md border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950";

export function CreateApiKeyForm() {
  const [state, action, pending] = useActionState<ActionState, FormData>(createApiKeyAction, {});
  const key = state.data?.key as string | undefined;
  return (
    <div className="space-y-3">
      <form action={action} aria-label="Create an API key" className="flex flex-wrap items-end gap-2">
        <label className="text-sm font-medium">
          Name
          <input name="name" defaultValue={state.ok ? "" : state.values?.name} className={`mt-1 block ${field}`} aria-invalid={Boolean(state.fields?.name)} />
        </label>
        <label className="text-sm font-medium">
          Role
          <RoleSelect defaultValue={state.values?.role ?? "viewer"} className={`mt-1 block ${field}`} />
        </label>
        <button type="submit" disabled={pending} className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-60">
          {pending ? "Creating…" : "Create key"}
        </button>
      </form>
      <FormProblem state={state} />
      {key && <OneTimeSecret message={state.message} value={key} testId="new-api-key" />}
    </div>
  );
}
