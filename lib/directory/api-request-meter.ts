import { TenancyError } from "@/lib/errors";
import { controlPlane } from "@/lib/tenancy/db/control-plane-pool";

type Count = { allowed: boolean; refused_by: "minute" | "month" | null; request_limit: number | null; requests: number; retry_after: number };

/**
 * Counts one API request of the tenant against its plan's per-minute and per-month limits, in
 * Postgres (one round trip), so the limits hold across every instance. Over either: 429
 * rate_limited with Retry-After, the window, its limit and its count; the request is not counted.
 */
export async function meterApiRequest(tenantId: string): Promise<void> {
  const { rows } = await controlPlane().query<Count>("SELECT * FROM directory.count_api_request($1)", [tenantId]);
  const count = rows[0];
  if (!count || count.allowed) return;
  const per = count.refused_by === "minute" ? "a minute" : "a month";
  throw new TenancyError("rate_limited", `This workspace's plan allows ${count.request_limit} API requests ${per}. Retry after ${count.retry_after} s.`, undefined, {
    details: { window: count.refused_by, limit: count.request_limit, usage: count.requests },
    retryAfter: Math.max(1, count.retry_after),
  });
}
