import { createEmployee } from "@/lib/employees/employee-writes";
import { listEmployees } from "@/lib/employees/list-employees";
import { pageParamsFrom } from "@/lib/pagination";
import { withTenant } from "@/lib/tenancy";
import { jsonBody } from "@/lib/validation";

// GET /api/employees?limit=&after=|before= – one page of the tenant's employees
export const GET = withTenant(async ({ db, request }) =>
  Response.json(await listEmployees(db, pageParamsFrom(request))),
);

// POST /api/employees – add an employee ({ name, email, title?, department?, projectId? }); members and up
export const POST = withTenant(
  async ({ db, request, userId }) => Response.json(await createEmployee(db, await jsonBody(request), userId), { status: 201 }),
  { permission: "employee.write" },
);
