import { z } from "zod";
import { liveSummary } from "@/lib/dashboard/live-summary";
import { queryFrom } from "@/lib/pagination";
import { stillAllowed, tenantEventStream, withTenant } from "@/lib/tenancy";

const CURSOR = /^\d{1,19}$/;
const streamQuery = z
  .object({
    view: z.literal("dashboard", { error: "Must be dashboard, or absent." }).optional(),
    lastEventId: z.string().regex(CURSOR, "Must be an event id (digits).").optional(),
  })
  .strict();

// GET /api/events – the tenant's live events as server-sent events; Last-Event-ID (or
// ?lastEventId=) resumes after that event. ?view=dashboard adds a `summary` event after each batch
// of changes: the dashboard's figures and projects, computed once for every open dashboard.
export const GET = withTenant(async (ctx) => {
  const { request } = ctx;
  const { view, lastEventId: queryCursor } = queryFrom(request, streamQuery);
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
