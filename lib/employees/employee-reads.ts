import { z } from "zod";
import { keysetQuery, listParamsSchema, toPage, type Page, type PageParams, type Sort } from "@/lib/pagination";
import type { Prisma } from "@/lib/generated/prisma/client";
import { TenancyError } from "@/lib/errors";
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

// The orders the employees table offers; a leading "-" is descending. "added" is when the
// employee was created. Each but "project" is served by a (tenant_id, column, id) index;
// "project" (the project's name, people without one last) joins projects and sorts, which is
// cheap at a company's size.
const SORT_COLUMNS = {
  name: { field: "name", type: "text" },
  title: { field: "title", type: "text" },
  department: { field: "department", type: "text" },
  project: { field: "name", type: "text", relation: { name: "project", key: "projectId" } },
  added: { field: "createdAt", type: "date" },
} as const satisfies Record<string, Omit<Sort, "dir">>;
export type EmployeeSortKey = keyof typeof SORT_COLUMNS;
export const EMPLOYEE_SORTS = Object.keys(SORT_COLUMNS).flatMap((k) => [k, `-${k}`]) as `${"" | "-"}${EmployeeSortKey}`[];
export type EmployeeSort = (typeof EMPLOYEE_SORTS)[number];

export function employeeSort(sort: EmployeeSort): Sort {
  const desc = sort.startsWith("-");
  return { ...SORT_COLUMNS[(desc ? sort.slice(1) : sort) as EmployeeSortKey], dir: desc ? "desc" : "asc" };
}

export const employeeFilters = {
  q: z.string().trim().max(100, "At most 100 characters.").optional(),
  department: z.string().trim().max(80, "At most 80 characters.").optional(),
  projectId: z.union([z.uuid(), z.literal("none")], { error: "A project id, or none." }).optional(),
  sort: z.enum(EMPLOYEE_SORTS, { error: `One of: ${EMPLOYEE_SORTS.join(", ")}.` }).default("name"),
};
export const employeeListSchema = listParamsSchema(employeeFilters);
export type EmployeeFilters = { q?: string; department?: string; projectId?: string; sort?: EmployeeSort };

export type EmployeeRow = Awaited<ReturnType<typeof listEmployees>>["data"][number];

/** One page of the tenant's employees in the chosen order. No tenant filter here: row-level security is it. */
function filtersWhere(filters: EmployeeFilters): Prisma.EmployeeWhereInput[] {
  return [
    filters.q ? { OR: [{ name: { contains: filters.q, mode: "insensitive" as const } }, { email: { contains: filters.q, mode: "insensitive" as const } }] } : {},
    filters.department ? { department: filters.department } : {},
    filters.projectId ? { projectId: filters.projectId === "none" ? null : filters.projectId } : {},
  ];
}

export async function listEmployees(db: TenantTx, params: PageParams, filters: EmployeeFilters = {}) {
  const sort = employeeSort(filters.sort ?? "name");
  const { where, orderBy, take } = keysetQuery<Prisma.EmployeeWhereInput>(params, sort);
  const rows = await db.employee.findMany({ where: { AND: [where, ...filtersWhere(filters)] }, orderBy, take, select: employeeSelect });
  return toPage(rows, params, sort) satisfies Page<unknown>;
}

/** How many employees the filters match, across every page. */
export function countEmployees(db: TenantTx, filters: EmployeeFilters = {}): Promise<number> {
  return db.employee.count({ where: { AND: filtersWhere(filters) } });
}

/** One employee by id, or a typed 404: another tenant's id is simply not here. */
export async function getEmployee(db: TenantTx, id: string) {
  const employee = z.uuid().safeParse(id).success ? await db.employee.findFirst({ where: { id }, select: employeeSelect }) : null;
  if (!employee) throw new TenancyError("not_found", "No such employee.");
  return employee;
}
