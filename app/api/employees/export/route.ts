import { employeeCsvStream } from "@/lib/employees/employee-csv";
import { withTenant } from "@/lib/tenancy";

// GET /api/employees/export – every employee as CSV (name, email, title, department, project: the
// columns an import takes), streamed a page at a time; anyone who can read the workspace.
export const GET = withTenant(async ({ db, tenant }) => {
  const day = new Date().toISOString().slice(0, 10);
  return new Response(employeeCsvStream(db), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${tenant.slug}-employees-${day}.csv"`,
      "Cache-Control": "no-store",
    },
  });
});
