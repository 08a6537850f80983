import { createEmployee } from "@/lib/employees/employee-writes";
import { employeeListSchema, listEmployees } from "@/lib/employees/employee-reads";
import { queryFrom } from "@/lib/pagination";
import { withTenant } from "@/lib/tenancy";
import { jsonBody } from "@/lib/validation";

// GET /api/employees?limit=&after=|before=&q=&department=&projectId=|none&sort= – one page of the tenant's employees
export const GET = withTenant(async ({ db, request }) => {
  const { q, department, projectId, sort, ...page } = queryFrom(request, employeeListSchema);
  return Response.json(await listEmployees(db, page, { q, department, projectId, sort }));
});

// POST /api/employees – add an employee ({ name, email, title?, department?, projectId? }); members and up
export const POST = withTenant(
  async ({ db, request, actor }) => Response.json(await createEmployee(db, await jsonBody(request), actor), { status: 201 }),
  { permission: "employee.write" },
);
