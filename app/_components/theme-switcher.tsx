"use client";

import { useActionState, useId } from "react";
import { setThemeAction } from "@/app/_actions/theme";
import type { ActionState } from "@/lib/tenancy";
import { FormProblem } from "./form-feedback";
import type { Theme } from "./theme";

const LABELS: Record<Theme, string> = { system: "System", light: "Light", dark: "Dark" };

/** Three pressed-or-not buttons: the server remembers the choice and re-renders with it. */
export function ThemeSwitcher({ current }: { current: Theme }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(setThemeAction, {});
  const label = useId();
  return (
    <form action={action} aria-label="Theme">
      <p className="text-xs font-medium text-slate-600 dark:text-slate-400" id={label}>Theme</p>
      <div role="group" aria-labelledby={label} className="mt-1 inline-flex rounded-md border border-slate-300 dark:border-slate-700">
        {(Object.keys(LABELS) as Theme[]).map((theme) => (
          <button
            key={theme}
            type="submit"
            name="theme"
            value={theme}
            aria-pressed={theme === current}
            disabled={pending}
            className="min-h-8 px-3 text-sm first:rounded-l-md last:rounded-r-md aria-pressed:bg-indigo-600 aria-pressed:font-semibold aria-pressed:text-white"
          >
            {LABELS[theme]}
          </button>
        ))}
      </div>
      <FormProblem state={state} />
    </form>
  );
}
