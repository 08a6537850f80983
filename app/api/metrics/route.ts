import { env } from "@/lib/env";
import { errorResponse } from "@/lib/errors";
import { metricsText } from "@/lib/observability/metrics";
import { assertConfiguredToken } from "@/lib/security/configured-token";

// GET /api/metrics: this instance's Prometheus metrics (requests and latency per tenant and
// route, pools, event streams, events fanned out, database errors, the process). Off unless
// TENANTRY_METRICS_TOKEN is set; the scraper presents it as a bearer token. Reads no tenant data.
export async function GET(request: Request): Promise<Response> {
  try {
    assertConfiguredToken(request.headers, env().TENANTRY_METRICS_TOKEN, "metrics");
    const { body, contentType } = await metricsText();
    return new Response(body, { headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
