import { liveSummary } from "@/lib/dashboard/live-summary";
import { TenancyError } from "@/lib/errors";
import { stillAllowed, tenantEventStream, withTenant } from "@/lib/tenancy";

const CURSOR = /^\d{1,19}$/;

// GET /api/events – the tenant's live events as server-sent events; Last-Event-ID (or
// ?lastEventId=) resumes after that event. ?view=dashboard adds a `summary` event after each batch
// of changes: the dashboard's figures and projects, computed once for every open dashboard.
export const GET = withTenant(async (ctx) => {
  const { request } = ctx;
  const url = new URL(request.url);
  const view = url.searchParams.get("view");
  if (view !== null && view !== "dashboard") throw new TenancyError("invalid_request", "view must be dashboard, or absent.", { view: ["Must be dashboard, or absent."] });
  const queryCursor = url.searchParams.get("lastEventId");
  if (queryCursor !== null && !CURSOR.test(queryCursor)) throw new TenancyError("invalid_request", "lastEventId must be an event id.", { lastEventId: ["Must be an event id (digits)."] });
  // A browser resuming sends Last-Event-ID itself, and it wins over the query's starting point.
  const last = request.headers.get("last-event-id") ?? queryCursor;
  const lastEventId = last && CURSOR.test(last) ? BigInt(last) : null;
  const userId = ctx.caller.kind === "user" ? ctx.caller.user.id : null;
  const summarize = view === "dashboard" ? () => liveSummary(ctx.db) : undefined;
  const stream = tenantEventStream(ctx.tenant, { lastEventId, userId, signal: request.signal, mayContinue: () => stillAllowed(ctx, request.headers), summarize });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      // no-transform: otherwise the response is compressed and buffered, and nothing arrives.
      "Cache-Control": "private, no-cache, no-store, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
});
