"use client";

import { useActionState } from "react";
import { renameWorkspaceAction } from "@/app/_actions/workspace-settings";
import { FormDone, OtherProblems } from "@/app/_components/form-feedback";
import { primaryButtonClass } from "@/app/_components/styles";
import { TextField } from "@/app/_components/text-field";
import type { ActionState } from "@/lib/tenancy";

export function RenameWorkspaceForm({ name }: { name: string }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(renameWorkspaceAction, {});
  return (
    <form action={action} aria-label="Rename the workspace" className="mt-4 max-w-md space-y-2" noValidate>
      <OtherProblems state={state} fields={["name"]} />
      <TextField name="name" label="Workspace name" state={state} defaultValue={name} />
      <FormDone state={state} />
      <button type="submit" disabled={pending} className={primaryButtonClass}>{pending ? "Saving…" : "Rename"}</button>
    </form>
  );
}
