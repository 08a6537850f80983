import type { ActionState } from "@/lib/tenancy";

/** Why a form's action refused: each field's reason, or the one message. Nothing after success. */
export function FormProblem({ state }: { state: ActionState }) {
  if (state.ok || !(state.message || state.fields)) return null;
  const text = state.fields ? Object.values(state.fields).flat().join(" ") : state.message;
  return <p role="alert" className="text-sm text-red-700 dark:text-red-300">{text}</p>;
}

/** What a form's action did, once it succeeded. */
export function FormDone({ state }: { state: ActionState }) {
  return state.ok ? <p role="status" className="text-sm text-green-700 dark:text-green-300">{state.message}</p> : null;
}

/** One field's reason, next to the field; the field points at it with aria-describedby. */
export function FieldError({ state, name, id }: { state: ActionState; name: string; id: string }) {
  const reasons = state.ok ? undefined : state.fields?.[name];
  if (!reasons?.length) return null;
  return <p id={id} data-field-error={name} className="mt-1 text-sm text-red-700 dark:text-red-300">{reasons.join(" ")}</p>;
}

/** The reasons that belong to no field on the form (a forged extra field, "change something"). */
export function OtherProblems({ state, fields }: { state: ActionState; fields: string[] }) {
  if (state.ok || !(state.message || state.fields)) return null;
  const other = Object.entries(state.fields ?? {}).filter(([name]) => !fields.includes(name));
  if (state.fields && other.length === 0) return <p role="alert" className="text-sm text-red-700 dark:text-red-300">Check the fields marked below.</p>;
  const text = state.fields ? other.map(([name, reasons]) => (name === "_" ? reasons.join(" ") : `${name}: ${reasons.join(" ")}`)).join(" ") : state.message;
  return <p role="alert" className="text-sm text-red-700 dark:text-red-300">{text}</p>;
}

/** A secret (API key, invitation link) shown once, right after it was made. */
export function OneTimeSecret({ message, value, testId }: { message?: string; value: string; testId: string }) {
  return (
    <div role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-700 dark:bg-amber-950">
      <p>{message}</p>
      <code data-testid={testId} className="mt-2 block break-all font-mono">{value}</code>
    </div>
  );
}
