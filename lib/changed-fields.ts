/** The fields of `patch` whose value differs from the record's: what an update really changes. */
export function changedFields<T extends object>(patch: Partial<T>, record: T): (keyof T)[] {
  return (Object.keys(patch) as (keyof T)[]).filter((key) => patch[key] !== record[key]);
}

/** Each changed field's value before and after, as text (null for none), for a record's history. */
export function changedValues<T extends object>(fields: (keyof T)[], before: T, after: T): Record<string, [string | null, string | null]> {
  const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
  return Object.fromEntries(fields.map((field) => [field, [text(before[field]), text(after[field])]]));
}
