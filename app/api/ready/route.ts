import { readiness } from "@/lib/tenancy";

// GET /api/ready: whether this instance should get traffic: the database answers (within 2 s),
// its migrations are the code's, and its LISTEN connections (directory changes, live events) are
// not down. 503 with Retry-After
// and the failing checks otherwise. Reads no tenant data.
export async function GET(): Promise<Response> {
  const { ready, checks } = await readiness();
  return Response.json(
    { status: ready ? "ready" : "unavailable", checks },
    { status: ready ? 200 : 503, headers: { "Cache-Control": "no-store", ...(ready ? {} : { "Retry-After": "5" }) } },
  );
}
