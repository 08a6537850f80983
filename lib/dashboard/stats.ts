import { ACCESS_EVENT_TYPES } from "@/lib/events/catalog";
import type { TenantTx } from "@/lib/tenancy";

/** Midnight UTC of `now`'s day: tenants have no time zone of their own yet, so "today" is UTC's. */
export function startOfDayUtc(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/** The dashboard's headline figures, counted inside the tenant's transaction. */
export async function dashboardStats(db: TenantTx, now = new Date()) {
  const [headcount, unassigned, byStatus, changesToday] = await Promise.all([
    db.employee.count(),
    db.employee.count({ where: { projectId: null } }),
    db.project.groupBy({ by: ["status"], _count: { _all: true } }),
    db.event.count({ where: { createdAt: { gte: startOfDayUtc(now) }, type: { notIn: ACCESS_EVENT_TYPES } } }),
  ]);
  const projects = Object.fromEntries(byStatus.map((g) => [g.status, g._count._all]));
  return { headcount, unassigned, projects, changesToday };
}
