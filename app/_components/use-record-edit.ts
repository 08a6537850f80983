"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ActionState } from "@/lib/tenancy";

export type EditedRecord = { version: string; values: Record<string, string> };
type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;

const keysFor = (names: string[], version: string, keep: Record<string, string> = {}) => Object.fromEntries(names.map((n) => [n, keep[n] ?? `${n}@${version}`]));

/**
 * Edits of a record that never send back a value the person did not change, and never overwrite
 * someone else's change unseen. The form's fields start from a base (the record as rendered); a
 * form nobody is typing in follows the record as it changes (a colleague's save, an archive on
 * this page), its fields remounted with the new values. Saving sends only the fields that differ
 * from the base, with the base's version; if the record moved on meanwhile the server answers
 * `edit_conflict`, the page fetches the current record, and the fields the person did not touch
 * take its values while what they typed stays, to review and save again.
 */
export function useRecordEdit(record: EditedRecord, action: Action) {
  const router = useRouter();
  const names = Object.keys(record.values);
  const [base, setBase] = useState(record);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [conflict, setConflict] = useState(false);
  const [keys, setKeys] = useState(() => keysFor(names, record.version));
  if (record.version !== base.version && (touched.size === 0 || conflict)) {
    // Adjusting state while rendering (React's pattern for following a prop): untouched fields remount.
    setBase(record);
    setKeys(keysFor(names, record.version, Object.fromEntries([...touched].map((n) => [n, keys[n]]))));
    setConflict(false);
  }

  const submit: Action = async (prev, form) => {
    // Every field the form holds (its hidden id too), but the record's fields only if changed.
    const sent = new FormData();
    sent.set("version", base.version);
    for (const [name, value] of form.entries()) {
      if (name.startsWith("$") || (name in base.values && String(value) === base.values[name])) continue;
      sent.set(name, value);
    }
    const result = await action(prev, sent);
    if (result.ok) setTouched(new Set());
    if (result.code === "edit_conflict") {
      setConflict(true);
      router.refresh();
    }
    return result;
  };

  const onChange = (event: React.FormEvent<HTMLFormElement>) => {
    const name = (event.target as HTMLInputElement).name;
    if (name && name in base.values && !touched.has(name)) setTouched(new Set(touched).add(name));
  };

  return { base, keys, submit, onChange };
}
