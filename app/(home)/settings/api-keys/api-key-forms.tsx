"use client";

import { useActionState } from "react";
import { createApiKeyAction } from "@/app/_actions/api-keys";
import type { ActionState } from "@/lib/tenancy/tenant-action";

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
          <select name="role" defaultValue={state.values?.role ?? "viewer"} className={`mt-1 block ${field}`}>
            <option value="viewer">viewer (read)</option>
            <option value="member">member (read, write)</option>
            <option value="admin">admin</option>
          </select>
        </label>
        <button type="submit" disabled={pending} className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-60">
          {pending ? "Creating…" : "Create key"}
        </button>
      </form>
      {state.fields && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">{Object.values(state.fields).flat().join(" ")}</p>
      )}
      {!state.ok && state.message && !state.fields && <p role="alert" className="text-sm text-red-700">{state.message}</p>}
      {key && (
        <div role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-700 dark:bg-amber-950">
          <p>{state.message}</p>
          <code data-testid="new-api-key" className="mt-2 block break-all font-mono">{key}</code>
        </div>
      )}
    </div>
  );
}
