import { keysetQuery, toPage, type PageParams } from "@/lib/pagination";
import type { TenantTx } from "@/lib/tenancy";

export const projectSelect = {
  id: true,
  name: true,
  status: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { employees: true } },
} as const;

/** One page of the tenant's projects by name, with how many employees each has. */
export async function listProjects(db: TenantTx, params: PageParams) {
  const { where, orderBy, take } = keysetQuery(params);
  const rows = await db.project.findMany({ where, orderBy, take, select: projectSelect });
  return toPage(rows, params);
}
