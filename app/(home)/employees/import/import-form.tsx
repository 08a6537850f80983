"use client";

import { useActionState } from "react";
import { importEmployeesAction } from "@/app/_actions/employees";
import { controlClass, primaryButtonClass } from "@/app/_components/styles";
import type { RowProblem } from "@/lib/employees/employee-csv";
import type { ActionState } from "@/lib/tenancy";

const SHOWN = 100;

/** Choose a CSV file, check it (nothing is written), then import it, all or nothing. */
export function ImportForm() {
  const [state, action, pending] = useActionState<ActionState, FormData>(importEmployeesAction, {});
  const problems = (state.data?.problems as RowProblem[] | undefined) ?? [];
  const fileError = state.fields?.file?.join(" ") ?? (state.fields ? Object.values(state.fields).flat().join(" ") : undefined);
  return (
    <form action={action} aria-label="Import employees" className="space-y-4">
      <div>
        <label htmlFor="import-file" className="text-sm font-medium">CSV file</label>
        <input id="import-file" name="file" type="file" accept=".csv,text/csv" required aria-invalid={Boolean(fileError)} aria-describedby={fileError ? "import-file-error" : "import-file-hint"} className={`mt-1 block w-full ${controlClass}`} />
        {fileError ? (
          <p id="import-file-error" className="mt-1 text-sm text-red-700 dark:text-red-300">{fileError}</p>
        ) : (
          <p id="import-file-hint" className="mt-1 text-xs text-slate-600 dark:text-slate-400">Up to 10,000 rows (1 MB).</p>
        )}
      </div>
      <div className="flex flex-wrap gap-3">
        <button type="submit" name="intent" value="check" disabled={pending} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-semibold hover:bg-slate-50 disabled:opacity-60 dark:border-slate-700 dark:hover:bg-slate-800">
          {pending ? "Working…" : "Check the file"}
        </button>
        <button type="submit" name="intent" value="import" disabled={pending} className={primaryButtonClass}>{pending ? "Working…" : "Import"}</button>
      </div>
      {state.message && !fileError && (
        <p role={state.ok ? "status" : "alert"} className={`text-sm ${state.ok ? "text-emerald-800 dark:text-emerald-300" : "text-red-700 dark:text-red-300"}`}>{state.message}</p>
      )}
      {problems.length > 0 && (
        <table data-testid="import-problems" className="w-full text-left text-sm">
          <caption className="sr-only">Problems in the file, by line</caption>
          <thead>
            <tr><th scope="col" className="py-1 pr-4 font-medium">Line</th><th scope="col" className="py-1 font-medium">Problem</th></tr>
          </thead>
          <tbody>
            {problems.slice(0, SHOWN).map((p, i) => (
              <tr key={i} className="border-t border-slate-100 dark:border-slate-800"><td className="py-1 pr-4 tabular-nums">{p.line}</td><td className="py-1">{p.reason}</td></tr>
            ))}
          </tbody>
          {problems.length > SHOWN && <tfoot><tr><td colSpan={2} className="py-1 text-slate-600 dark:text-slate-400">…and {problems.length - SHOWN} more.</td></tr></tfoot>}
        </table>
      )}
    </form>
  );
}
