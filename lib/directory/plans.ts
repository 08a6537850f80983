import { TenancyError } from "@/lib/errors";
import type { Actor } from "@/lib/events/actor";
import { eventRow } from "@/lib/events/record-event";
import { controlPlane, type ControlPlanePool, type ControlPlaneSql } from "@/lib/tenancy/db/control-plane-pool";
import { forgetTenants, insertEvent } from "./tenants";

// Plans are data: the `plans` table (migration 20261204000000) says what each allows, and the
// database holds every create to it. This module reads that table and changes a tenant's plan;
// a payment integration would call `changePlan` from its webhook, as the settings page does.

/** What a plan limits, as people read it. The keys are the database's names for them. */
export const QUOTA_RESOURCES = { employees: "employees", projects: "projects", members: "members", api_keys: "API keys" } as const;
export type QuotaResource = keyof typeof QUOTA_RESOURCES;
const RESOURCES = Object.keys(QUOTA_RESOURCES) as QuotaResource[];

export type Plan = {
  id: string;
  name: string;
  rank: number;
  summary: string;
  /** null: no limit. */
  limits: Record<QuotaResource, number | null>;
  apiRequestsPerMonth: number | null;
  apiRequestsPerMinute: number | null;
};

type PlanRow = Omit<Plan, "limits"> & Record<QuotaResource, number | null>;

/** Every plan, cheapest first. */
export async function listPlans(sql: ControlPlaneSql = controlPlane()): Promise<Plan[]> {
  const { rows } = await sql.query<PlanRow>(
    `SELECT id, name, rank, summary, max_employees AS employees, max_projects AS projects, max_members AS members,
            max_api_keys AS api_keys, api_requests_per_month AS "apiRequestsPerMonth", api_requests_per_minute AS "apiRequestsPerMinute"
     FROM plans ORDER BY rank`,
  );
  return rows.map(({ employees, projects, members, api_keys, ...plan }) => ({ ...plan, limits: { employees, projects, members, api_keys } }));
}

/** Usage the plan does not allow: the first resource over its limit, if any. */
export function overLimit(plan: Plan, usage: Record<QuotaResource, number>): { resource: QuotaResource; limit: number; usage: number } | null {
  for (const resource of RESOURCES) {
    const limit = plan.limits[resource];
    if (limit !== null && usage[resource] > limit) return { resource, limit, usage: usage[resource] };
  }
  return null;
}

/**
 * Puts the tenant on `planId` as `actor`, in one transaction with its audit event. A plan that
 * does not fit the workspace's current usage is refused (402 quota_exceeded, naming what to
 * remove); creates wait while the usage is counted, so none slips in between. Operators (the
 * CLI, on the owner's connection) change any tenant; the app changes only the bound one.
 * Answers the plan the tenant was on; nothing is written if it is already on `planId`.
 */
export async function changePlan(tenantId: string, planId: string, actor: Actor, pool: ControlPlanePool = controlPlane()): Promise<{ from: string; to: Plan }> {
  const plans = await listPlans(pool);
  const plan = plans.find((p) => p.id === planId);
  if (!plan) {
    const known = `One of: ${plans.map((p) => p.id).join(", ")}.`;
    throw new TenancyError("invalid_request", `No plan is called ${planId}. ${known}`, { plan: [known] });
  }
  const from = await pool.transaction(async (sql, bindTenant) => {
    const operator = actor.kind === "operator";
    // The operators' connection may lock the row; the app's function locks it itself.
    const current = await sql.query<{ plan: string }>(`SELECT plan FROM tenants WHERE id = $1${operator ? " FOR UPDATE" : ""}`, [tenantId]);
    if (!current.rows[0]) throw new TenancyError("tenant_not_found");
    await bindTenant(tenantId);
    await sql.query("SELECT lock_plan_usage(resource) FROM unnest($1::text[]) resource", [RESOURCES]);
    const { rows } = await sql.query<Record<QuotaResource, number>>(`SELECT ${RESOURCES.map((r) => `plan_usage('${r}')::int AS ${r}`).join(", ")}`);
    const over = overLimit(plan, rows[0]);
    if (over) {
      throw new TenancyError(
        "quota_exceeded",
        `The ${plan.name} plan allows ${over.limit} ${QUOTA_RESOURCES[over.resource]}, and this workspace has ${over.usage}. Remove some first.`,
        undefined,
        { details: { ...over, plan: plan.id } },
      );
    }
    let previous = current.rows[0].plan;
    if (previous === planId) return previous;
    if (operator) {
      await sql.query("UPDATE tenants SET plan = $2 WHERE id = $1", [tenantId, planId]);
      await sql.query("SELECT pg_notify('tenantry_directory', $1)", [tenantId]);
    } else {
      previous = (await sql.query<{ plan: string }>("SELECT directory.change_own_tenant_plan($1) AS plan", [planId])).rows[0].plan;
      if (previous === planId) return previous;
    }
    const names = new Map(plans.map((p) => [p.id, p.name]));
    await insertEvent(sql, eventRow("plan.changed", { from: names.get(previous) ?? previous, to: plan.name }, actor));
    return previous;
  });
  forgetTenants();
  return { from, to: plan };
}
