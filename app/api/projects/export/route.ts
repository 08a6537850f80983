import { csvDownloadHeaders } from "@/lib/csv-export";
import { projectCsvStream } from "@/lib/projects/project-csv";
import { withTenant } from "@/lib/tenancy";

// GET /api/projects/export – every project as CSV (name, status, people, created); anyone who can read the workspace.
export const GET = withTenant(async ({ db, tenant }) => new Response(projectCsvStream(db), { headers: csvDownloadHeaders(tenant.slug, "projects") }));
