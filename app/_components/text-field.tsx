"use client";

import { useState } from "react";
import type { ActionState } from "@/lib/tenancy";
import { inputClass } from "./styles";

type Props = { name: string; label: string; state: ActionState; type?: string; hint?: string; autoComplete?: string; defaultValue?: string };

/**
 * A labelled input with its own error (else its hint) under it, pointed at by aria-describedby, and the
 * refused value put back. A password is never sent back by the server, so its input keeps what was
 * typed itself (React resets uncontrolled fields after an action): a refused form is not retyped.
 */
export function TextField({ name, label, state, type = "text", hint, autoComplete, defaultValue }: Props) {
  const [password, setPassword] = useState("");
  const error = state.ok ? undefined : state.fields?.[name]?.join(" ");
  const described = error ? `${name}-error` : hint ? `${name}-hint` : undefined;
  const value = type === "password" ? { value: password, onChange: (e: React.ChangeEvent<HTMLInputElement>) => setPassword(e.target.value) } : { defaultValue: state.values?.[name] ?? defaultValue };
  return (
    <div>
      <label className="block text-sm font-medium">
        {label}
        <input name={name} type={type} autoComplete={autoComplete} aria-invalid={Boolean(error)} aria-describedby={described} className={`mt-1 ${inputClass}`} {...value} />
      </label>
      {error ? (
        <p id={`${name}-error`} data-field-error={name} className="mt-1 text-sm text-red-700 dark:text-red-300">{error}</p>
      ) : hint ? (
        <p id={`${name}-hint`} className="mt-1 text-xs text-slate-600 dark:text-slate-400">{hint}</p>
      ) : null}
    </div>
  );
}
