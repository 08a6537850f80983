import pg from "pg";
import { z } from "zod";
import { TenancyError, type TenancyErrorCode } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";

/** SQLSTATEs the database raises for a workspace that may not change (migration 20261203010000). */
const REFUSALS: Record<string, TenancyErrorCode> = { TN403: "tenant_suspended", TN410: "tenant_inactive" };

/** The SQLSTATE (and detail) behind an error from pg, or from Prisma over the pg adapter. */
function sqlState(error: unknown): { code?: string; detail?: string } {
  if (error instanceof pg.DatabaseError) return { code: error.code, detail: error.detail };
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    const cause = (error.meta?.driverAdapterError as { cause?: { originalCode?: string; detail?: string } } | undefined)?.cause;
    return { code: cause?.originalCode, detail: cause?.detail };
  }
  return {};
}

const quotaDetail = z.object({ resource: z.string(), limit: z.number().int(), usage: z.number().int() });

/** The plan's refusal of a create (SQLSTATE TN402, migration 20261204000000): 402 with the limit and usage. */
function quotaExceeded(detail: string | undefined): TenancyError {
  const facts = quotaDetail.parse(JSON.parse(detail ?? "null"));
  const what = facts.resource.replace("_", " ");
  return new TenancyError(
    "quota_exceeded",
    `This workspace's plan allows ${facts.limit} ${what}, and it has ${facts.usage}. A higher plan allows more.`,
    undefined,
    { details: facts },
  );
}

/** Rethrows the database's refusal of a write as the typed error it stands for; anything else as it was. */
export function rethrowRefusal(error: unknown): never {
  const { code, detail } = sqlState(error);
  if (code === "TN402") throw quotaExceeded(detail);
  const refusal = REFUSALS[code ?? ""];
  throw refusal ? new TenancyError(refusal) : error;
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
