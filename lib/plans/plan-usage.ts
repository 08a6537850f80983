import type { QuotaResource } from "@/lib/directory";
import type { TenantDb } from "@/lib/tenancy";

export type PlanUsage = Record<QuotaResource, number> & { apiRequestsThisMonth: number };

/** What the workspace uses of its plan now, counted as the quota trigger counts (one statement). */
export async function planUsage(db: TenantDb): Promise<PlanUsage> {
  const [usage] = await db.$queryRaw<PlanUsage[]>`
    SELECT plan_usage('employees')::int AS employees, plan_usage('projects')::int AS projects,
           plan_usage('members')::int AS members, plan_usage('api_keys')::int AS api_keys,
           directory.api_requests_this_month() AS "apiRequestsThisMonth"`;
  return usage;
}
