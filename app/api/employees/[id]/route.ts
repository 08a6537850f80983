import { getEmployee } from "@/lib/employees/employee-reads";
import { removeEmployee, updateEmployee } from "@/lib/employees/employee-writes";
import { withTenant } from "@/lib/tenancy";
import { jsonBody } from "@/lib/validation";

type Params = { id: string };

// GET /api/employees/:id – one employee
export const GET = withTenant<Params>(async ({ db, params }) => Response.json(await getEmployee(db, params.id)));

// PATCH /api/employees/:id – change some of an employee's fields; members and up
export const PATCH = withTenant<Params>(
  async ({ db, request, params, actor }) => Response.json(await updateEmployee(db, params.id, await jsonBody(request), actor)),
  { permission: "employee.write" },
);

// DELETE /api/employees/:id – remove an employee; admins and up
export const DELETE = withTenant<Params>(
  async ({ db, params, actor }) => {
    await removeEmployee(db, params.id, actor);
    return new Response(null, { status: 204 });
  },
  { permission: "employee.delete" },
);
