import pg from "pg";
import { TenancyError, type TenancyErrorCode } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";

/** SQLSTATEs the database raises for a workspace that may not change (migration 20261203010000). */
const REFUSALS: Record<string, TenancyErrorCode> = { TN403: "tenant_suspended", TN410: "tenant_inactive" };

/** The SQLSTATE behind an error from pg, or from Prisma over the pg adapter. */
function sqlState(error: unknown): string | undefined {
  if (error instanceof pg.DatabaseError) return error.code;
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    return (error.meta?.driverAdapterError as { cause?: { originalCode?: string } } | undefined)?.cause?.originalCode;
  }
  return undefined;
}

/** Rethrows the database's refusal of a write as the typed error it stands for; anything else as it was. */
export function rethrowRefusal(error: unknown): never {
  const code = REFUSALS[sqlState(error) ?? ""];
  throw code ? new TenancyError(code) : error;
}

/** A unique constraint refused the write (Prisma's P2002): the caller turns it into a field error. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/** The constraint a raw SQL write violated as a duplicate (SQLSTATE 23505), if that is what failed. */
export function violatedUniqueConstraint(error: unknown): string | null {
  return error instanceof pg.DatabaseError && error.code === "23505" ? (error.constraint ?? "") : null;
}

/** A foreign key refused the write (P2003): e.g. a project id that is not this tenant's. */
export function isForeignKeyViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2003";
}

/** The row to change was not there (P2025): under RLS, another tenant's row is not there either. */
export function isRecordNotFound(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025";
}
