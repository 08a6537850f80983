import { z } from "zod";
import { keysetQuery, listParamsSchema, toPage, type Page, type PageParams } from "@/lib/pagination";
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

export const employeeFilters = {
  q: z.string().trim().max(100, "At most 100 characters.").optional(),
  department: z.string().trim().max(80, "At most 80 characters.").optional(),
  projectId: z.union([z.uuid(), z.literal("none")], { error: "A project id, or none." }).optional(),
};
export const employeeListSchema = listParamsSchema(employeeFilters);
export type EmployeeFilters = { q?: string; department?: string; projectId?: string };

export type EmployeeRow = Awaited<ReturnType<typeof listEmployees>>["data"][number];

/** One page of the tenant's employees by name. No tenant filter here: row-level security is it. */
export async function listEmployees(db: TenantTx, params: PageParams, filters: EmployeeFilters = {}) {
  const { where, orderBy, take } = keysetQuery(params);
  const conditions = [
    where,
    filters.q ? { OR: [{ name: { contains: filters.q, mode: "insensitive" as const } }, { email: { contains: filters.q, mode: "insensitive" as const } }] } : {},
    filters.department ? { department: filters.department } : {},
    filters.projectId ? { projectId: filters.projectId === "none" ? null : filters.projectId } : {},
  ];
  const rows = await db.employee.findMany({ where: { AND: conditions }, orderBy, take, select: employeeSelect });
  return toPage(rows, params) satisfies Page<unknown>;
}
