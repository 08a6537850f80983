/** The fields of `patch` whose value differs from the record's: what an update really changes. */
export function changedFields<T extends object>(patch: Partial<T>, record: T): (keyof T)[] {
  return (Object.keys(patch) as (keyof T)[]).filter((key) => patch[key] !== record[key]);
}
