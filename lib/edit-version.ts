import { z } from "zod";
import { TenancyError } from "@/lib/errors";

// An edit made from what someone saw must not silently undo what another person (or another tab)
// changed meanwhile. A form sends the record's `updatedAt` as `version` with only the fields the
// person changed; the write refuses with 409 `edit_conflict` if the record has changed since.
// The JSON API may send `version` too (optional there, like If-Unmodified-Since).

export const editVersion = z.iso.datetime({ offset: true, error: "The version is the record's updatedAt, as it was read." });

/** Refuses the write if `version` is given and the record is no longer at it (the update runs in the same transaction). */
export function assertUnchangedSince(record: { updatedAt: Date }, version: string | undefined): void {
  if (version !== undefined && new Date(version).getTime() !== record.updatedAt.getTime()) throw new TenancyError("edit_conflict");
}

/**
 * The update's own condition, checked as it writes: with a version, that no one changed the record
 * since this transaction read it (two edits at once cannot both build on one reading); without
 * one, the caller asked for a plain "set these fields".
 */
export function unchangedSinceRead(record: { updatedAt: Date }, version: string | undefined): { updatedAt?: Date } {
  return version === undefined ? {} : { updatedAt: record.updatedAt };
}

/** The guarded update matched no row: the record changed (or went) after it was read. */
export function assertUpdated(count: number): void {
  if (count !== 1) throw new TenancyError("edit_conflict");
}
