import pg from "pg";
import { z } from "zod";
import { TenancyError, type TenancyErrorCode } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/observability/logger";
import { databaseErrors } from "@/lib/observability/metrics";
import { TenantShareTimeout } from "./tenant-share";

/** SQLSTATEs the database raises for a workspace that may not change (migrations 20261203010000, 20261208000000). */
const REFUSALS: Record<string, TenancyErrorCode> = { TN403: "tenant_suspended", TN410: "tenant_inactive", TN409: "last_owner", TN503: "tenant_moving" };

/** Seconds to wait before retrying a refusal that passes by itself (a move's cut-over). */
export const MOVE_RETRY_AFTER = 1;

type AdapterCause = { originalCode?: string; detail?: string; kind?: string; originalMessage?: string };

/** What Prisma's pg adapter says caused a failure. */
function adapterCause(error: unknown): AdapterCause | undefined {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return undefined;
  return (error.meta?.driverAdapterError as { cause?: AdapterCause } | undefined)?.cause;
}

/** The SQLSTATE (and detail) behind an error from pg, or from Prisma over the pg adapter. */
function sqlState(error: unknown): { code?: string; detail?: string } {
  if (error instanceof pg.DatabaseError) return { code: error.code, detail: error.detail };
  const cause = adapterCause(error);
  return { code: cause?.originalCode, detail: cause?.detail };
}

// Failures that say the database cannot answer now, not that the request is wrong: a connection
// refused, lost or never established (SQLSTATE class 08), a server shutting down or starting
// (57P01-57P03), too many connections (53300), as pg, Node or Prisma's adapter report them.
const UNREACHABLE_SQLSTATES = /^(08...|57P0[123]|53300)$/;
const UNREACHABLE_NODE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENOTFOUND", "EAI_AGAIN"]);
const UNREACHABLE_ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections", "DatabaseDoesNotExist"]);
const UNREACHABLE_PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017"]);
const UNREACHABLE_MESSAGES = /Connection terminated|connection error and is not queryable|terminating connection|Can't reach database server/i;
// pg's pool gave up waiting for a connection (connectionTimeoutMillis); Prisma's transaction API
// gave up waiting for one (P2028) or for its pool (P2024).
const POOL_WAIT_MESSAGE = /timeout exceeded when trying to connect/i;
const BUSY_PRISMA_CODES = new Set(["P2024", "P2028"]);

/** Seconds a client should wait before retrying, per kind of unavailability. */
const RETRY_AFTER = { database_unavailable: 5, database_busy: 2, statement_timeout: 5 } as const;

/**
 * The typed 503 an infrastructure failure stands for (the database unreachable or restarting, no
 * connection free within the wait, the plan's statement timeout), or null for any other error.
 */
export function unavailability(error: unknown): TenancyError | null {
  if (error instanceof TenancyError) return null;
  const typed = (code: keyof typeof RETRY_AFTER) => {
    databaseErrors.inc({ kind: code });
    logger().warn({ err: error, code }, "database unavailable");
    return new TenancyError(code, undefined, undefined, { retryAfter: RETRY_AFTER[code] });
  };
  const { code } = sqlState(error);
  if (code === "57014") return typed("statement_timeout");
  if (code && UNREACHABLE_SQLSTATES.test(code)) return typed("database_unavailable");
  const cause = adapterCause(error);
  const message = error instanceof Error ? `${error.message} ${cause?.originalMessage ?? ""}` : "";
  if (error instanceof TenantShareTimeout || POOL_WAIT_MESSAGE.test(message)) return typed("database_busy");
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (UNREACHABLE_PRISMA_CODES.has(error.code) || UNREACHABLE_ADAPTER_KINDS.has(cause?.kind ?? "")) return typed("database_unavailable");
    if (BUSY_PRISMA_CODES.has(error.code)) return typed("database_busy");
  }
  if (error instanceof Prisma.PrismaClientInitializationError) return typed("database_unavailable");
  const nodeCode = (error as { code?: unknown } | null)?.code;
  if (typeof nodeCode === "string" && UNREACHABLE_NODE_CODES.has(nodeCode)) return typed("database_unavailable");
  if (UNREACHABLE_MESSAGES.test(message)) return typed("database_unavailable");
  return null;
}

/** Whether an error, typed already or not, says the database cannot answer now (a 503). */
export function isUnavailable(error: unknown): boolean {
  return (error instanceof TenancyError && error.status === 503) || unavailability(error) !== null;
}

/** Rethrows an infrastructure failure as its typed 503; anything else as it was. */
export function rethrowUnavailable(error: unknown): never {
  throw unavailability(error) ?? error;
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

/**
 * Rethrows the database's refusal of a write, or an infrastructure failure, as the typed error
 * it stands for; anything else as it was.
 */
export function rethrowRefusal(error: unknown): never {
  const { code, detail } = sqlState(error);
  if (code === "TN402") throw quotaExceeded(detail);
  const refusal = REFUSALS[code ?? ""];
  if (refusal) throw new TenancyError(refusal, undefined, undefined, refusal === "tenant_moving" ? { retryAfter: MOVE_RETRY_AFTER } : {});
  rethrowUnavailable(error);
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
