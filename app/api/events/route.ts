import { stillAllowed, tenantEventStream, withTenant } from "@/lib/tenancy";

// GET /api/events – the tenant's live events as server-sent events; Last-Event-ID resumes
export const GET = withTenant(async (ctx) => {
  const { request } = ctx;
  const last = request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("lastEventId");
  const lastEventId = last && /^\d{1,19}$/.test(last) ? BigInt(last) : null;
  const userId = ctx.caller.kind === "user" ? ctx.caller.user.id : null;
  const stream = tenantEventStream(ctx.tenant, { lastEventId, userId, signal: request.signal, mayContinue: () => stillAllowed(ctx, request.headers) });
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
