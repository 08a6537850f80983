import type { TenantTx } from "@/lib/tenancy";

/** The dashboard's headline figures, counted inside the tenant's transaction. */
export async function dashboardStats(db: TenantTx) {
  const [headcount, unassigned, byStatus] = await Promise.all([
    db.employee.count(),
    db.employee.count({ where: { projectId: null } }),
    db.project.groupBy({ by: ["status"], _count: { _all: true } }),
  ]);
  const projects = Object.fromEntries(byStatus.map((g) => [g.status, g._count._all]));
  return { headcount, unassigned, projects };
}
