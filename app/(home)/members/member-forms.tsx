"use client";

import { useActionState } from "react";
import { inviteAction, resendInvitationAction } from "@/app/_actions/invitations";
import { changeRoleAction } from "@/app/_actions/members";
import { FormProblem, OneTimeSecret } from "@/app/_components/form-feedback";
import { RoleSelect } from "@/app/_components/role-select";
import { controlClass, linkClass, primaryButtonClass } from "@/app/_components/styles";
import type { ActionState } from "@/lib/tenancy";

const field = `mt-1 block ${controlClass}`;

export function InviteForm() {
  const [state, action, pending] = useActionState<ActionState, FormData>(inviteAction, {});
  const link = state.data?.link as string | undefined;
  return (
    <div className="space-y-3">
      <form action={action} aria-label="Invite someone" className="flex flex-wrap items-end gap-2">
        <label className="text-sm font-medium">
          Email
          <input name="email" type="email" required defaultValue={state.ok ? "" : state.values?.email} aria-invalid={Boolean(state.fields?.email)} className={field} />
        </label>
        <label className="text-sm font-medium">
          Role
          <RoleSelect defaultValue={state.values?.role ?? "member"} className={field} />
        </label>
        <button type="submit" disabled={pending} className={primaryButtonClass}>
          {pending ? "Inviting…" : "Invite"}
        </button>
      </form>
      <FormProblem state={state} />
      {link && <OneTimeSecret message={state.message} value={link} testId="invitation-link" />}
    </div>
  );
}

/** Sends an open invitation again with a new link (the old one stops working) and shows the link to copy. */
export function ResendInvitation({ id, email }: { id: string; email: string }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(resendInvitationAction, {});
  const link = state.data?.link as string | undefined;
  return (
    <>
      <form action={action} className="inline">
        <input type="hidden" name="id" value={id} />
        <button type="submit" disabled={pending} aria-label={`Resend the invitation for ${email}`} className={`text-sm ${linkClass} disabled:opacity-60`}>
          {pending ? "Sending…" : "Resend"}
        </button>
      </form>
      {!state.ok && state.message && <span role="alert" className="text-xs text-red-700 dark:text-red-300">{state.message}</span>}
      {link && <div className="basis-full"><OneTimeSecret message={state.message} value={link} testId="invitation-link" /></div>}
    </>
  );
}

/** A member's role, changeable by those who may; owner is offered only to owners. */
export function MemberRoleForm({ userId, name, role, offerOwner }: { userId: string; name: string; role: string; offerOwner: boolean }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(changeRoleAction, {});
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="userId" value={userId} />
      <select name="role" defaultValue={role} aria-label={`Role of ${name}`} className={controlClass}>
        {offerOwner && <option value="owner">owner</option>}
        <option value="admin">admin</option>
        <option value="member">member</option>
        <option value="viewer">viewer</option>
      </select>
      <button type="submit" disabled={pending} aria-label={`Save the role of ${name}`} className={`text-sm ${linkClass} disabled:opacity-60`}>
        {pending ? "Saving…" : "Save"}
      </button>
      {state.message && (
        <span role={state.ok ? "status" : "alert"} className={`text-xs ${state.ok ? "text-emerald-800 dark:text-emerald-300" : "text-red-700 dark:text-red-300"}`}>
          {state.ok ? state.message : state.fields ? Object.values(state.fields).flat().join(" ") : state.message}
        </span>
      )}
    </form>
  );
}
