import type { ActionState } from "@/lib/tenancy/tenant-action";

/** Why a form's action refused: each field's reason, or the one message. Nothing after success. */
export function FormProblem({ state }: { state: ActionState }) {
  if (state.ok || !(state.message || state.fields)) return null;
  const text = state.fields ? Object.values(state.fields).flat().join(" ") : state.message;
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
