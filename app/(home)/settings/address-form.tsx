"use client";

import { useActionState, useEffect } from "react";
import { changeAddressAction } from "@/app/_actions/workspace-settings";
import { FormDone, OtherProblems } from "@/app/_components/form-feedback";
import { linkClass, primaryButtonClass } from "@/app/_components/styles";
import { TextField } from "@/app/_components/text-field";
import type { ActionState } from "@/lib/tenancy";

/** Changes the workspace's address, then takes the owner there (a full load: it may be another host). */
export function ChangeAddressForm({ slug, redirectDays }: { slug: string; redirectDays: number }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(changeAddressAction, {});
  const next = state.ok && typeof state.data?.next === "string" ? state.data.next : null;
  useEffect(() => {
    if (next) window.location.assign(next);
  }, [next]);
  return (
    <form action={action} aria-label="Change the workspace's address" className="mt-6 max-w-md space-y-2" noValidate>
      <OtherProblems state={state} fields={["slug"]} />
      <TextField
        name="slug"
        label="Workspace address"
        state={state}
        defaultValue={slug}
        hint={`Everyone signs in again at the new address. The old one keeps leading here for ${redirectDays} days, and no other workspace can take it meanwhile. Custom domains are not affected.`}
      />
      <FormDone state={state} />
      {next && <p className="text-sm"><a href={next} className={linkClass}>Go to the new address</a></p>}
      <button type="submit" disabled={pending} className={primaryButtonClass}>{pending ? "Changing…" : "Change address"}</button>
    </form>
  );
}
