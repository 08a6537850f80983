import { keysetQuery, toPage, type Page, type PageParams } from "@/lib/pagination";
import type { TenantTx } from "@/lib/tenancy";

export const employeeSelect = {
  id: true,
  name: true,
  email: true,
  title: true,
  department: true,
  projectId: true,
  project: { select: { name: true } },
  createdAt: true,
  updatedAt: true,
} as const;

export type EmployeeRow = Awaited<ReturnType<typeof listEmployees>>["data"][number];

/** One page of the tenant's employees by name. No tenant filter here: row-level security is it. */
export async function listEmployees(db: TenantTx, params: PageParams) {
  const { where, orderBy, take } = keysetQuery(params);
  const rows = await db.employee.findMany({ where, orderBy, take, select: employeeSelect });
  return toPage(rows, params) satisfies Page<unknown>;
}
