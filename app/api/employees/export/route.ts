import { csvDownloadHeaders } from "@/lib/csv-export";
import { employeeCsvStream } from "@/lib/employees/employee-csv";
import { withTenant } from "@/lib/tenancy";

// GET /api/employees/export – every employee as CSV (name, email, title, department, project: the
// columns an import takes), streamed a page at a time; anyone who can read the workspace.
export const GET = withTenant(async ({ db, tenant }) => new Response(employeeCsvStream(db), { headers: csvDownloadHeaders(tenant.slug, "employees") }));
