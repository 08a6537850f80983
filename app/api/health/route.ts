// GET /api/health: the process is alive and serving. For load balancers' liveness checks: it
// touches nothing else, so a database outage does not get healthy instances restarted.
export function GET(): Response {
  return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}
