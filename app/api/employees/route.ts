import { listEmployees } from "@/lib/employees/list-employees";
import { pageParamsFrom } from "@/lib/pagination";
import { withTenant } from "@/lib/tenancy";

// GET /api/employees?limit=&after=|before= – one page of the tenant's employees
export const GET = withTenant(async ({ db, request }) =>
  Response.json(await listEmployees(db, pageParamsFrom(request))),
);
