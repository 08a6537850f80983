import { logger } from "@/lib/observability/logger";

// The catalogue of errors a caller can be answered with: a stable code, one HTTP status and a
// default message. Route handlers answer them as JSON, server actions as form state and pages as
// their page (lib/tenancy/entry). Anything else that escapes is answered as a generic 500, so no
// stack trace or SQL ever reaches a client.

export const TENANCY_ERRORS = {
  tenant_not_found: { status: 404, message: "No workspace exists at this address." },
  tenant_suspended: { status: 403, message: "This workspace is suspended." },
  tenant_inactive: { status: 410, message: "This workspace has been closed." },
  forbidden: { status: 403, message: "You do not have access to this." },
  unauthenticated: { status: 401, message: "Sign in to continue." },
  too_many_attempts: { status: 429, message: "Too many failed attempts. Wait 15 minutes, then try again." },
  invalid_request: { status: 400, message: "The request is invalid." },
  payload_too_large: { status: 413, message: "The body is too large: send at most 1 MB." },
  unsupported_media_type: { status: 415, message: "Send the body as JSON, with Content-Type: application/json." },
  not_found: { status: 404, message: "Nothing here by that id." },
  edit_conflict: { status: 409, message: "Someone else changed this since you opened it. Nothing was saved: review their version, then save again." },
  last_owner: { status: 409, message: "A workspace needs an owner: make someone else an owner first." },
  invalid_transition: { status: 409, message: "The workspace is not in a state that allows this." },
  quota_exceeded: { status: 402, message: "The workspace's plan does not allow more of this." },
  rate_limited: { status: 429, message: "Too many API requests for this workspace's plan. Retry later." },
  too_many_streams: { status: 429, message: "Too many live streams are open. Close a tab, then try again." },
  tenant_moving: { status: 503, message: "This workspace is being moved right now. Nothing was changed; try again in a moment." },
  tenant_migrating: { status: 503, message: "This workspace's database is being upgraded. Try again in a minute." },
  database_unavailable: { status: 503, message: "The database cannot be reached right now. Nothing was changed; try again in a few seconds." },
  database_busy: { status: 503, message: "The service is busy right now. Nothing was changed; try again in a moment." },
  server_starting: { status: 503, message: "This server is still starting. Nothing was changed; try again in a moment." },
  statement_timeout: { status: 503, message: "This took longer than the workspace's plan allows and was stopped. Nothing was changed; try again or narrow the request." },
} as const;

export type TenancyErrorCode = keyof typeof TENANCY_ERRORS;

// Next bundles lib/ once per server layer, and an error made by a module instance shared on
// globalThis (the database registry, made by instrumentation) meets an action bundled apart: the
// brand, registered process-wide, lets `instanceof` recognise every copy of the class.
const BRAND = Symbol.for("tenantry.TenancyError");

export class TenancyError extends Error {
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && BRAND in value;
  }

  readonly [BRAND] = true;
  readonly code: TenancyErrorCode;
  readonly status: number;
  /** Field-level reasons, for invalid_request. */
  readonly fields?: Record<string, string[]>;
  /** Facts a program can act on, answered inside `error` (a quota's limit and usage). */
  readonly details?: Record<string, string | number | null>;
  /** Seconds until a retry can succeed (the Retry-After header). */
  readonly retryAfter?: number;

  constructor(
    code: TenancyErrorCode,
    message?: string,
    fields?: Record<string, string[]>,
    extra: { details?: Record<string, string | number | null>; retryAfter?: number } = {},
  ) {
    super(message ?? TENANCY_ERRORS[code].message);
    this.name = "TenancyError";
    this.code = code;
    this.status = TENANCY_ERRORS[code].status;
    this.fields = fields;
    this.details = extra.details;
    this.retryAfter = extra.retryAfter;
  }
}

export type ErrorBody = {
  error: { code: TenancyErrorCode | "internal_error"; message: string; fields?: Record<string, string[]>; [detail: string]: unknown };
};

/** The JSON answer for any error thrown by a route handler. */
export function errorResponse(error: unknown): Response {
  if (error instanceof TenancyError) {
    const body: ErrorBody = { error: { ...error.details, code: error.code, message: error.message } };
    if (error.fields) body.error.fields = error.fields;
    const headers: Record<string, string> = error.retryAfter === undefined ? {} : { "Retry-After": String(error.retryAfter) };
    // The rest of a body refused as too large may not have been read: the connection cannot carry another request.
    if (error.code === "payload_too_large") headers.Connection = "close";
    return Response.json(body, { status: error.status, headers });
  }
  logger().error({ err: error }, "request failed");
  const body: ErrorBody = { error: { code: "internal_error", message: "Something went wrong." } };
  return Response.json(body, { status: 500 });
}
