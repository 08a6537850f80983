import { pageParamsFrom } from "@/lib/pagination";
import { listProjects } from "@/lib/projects/list-projects";
import { withTenant } from "@/lib/tenancy";

// GET /api/projects?limit=&after=|before= – one page of the tenant's projects
export const GET = withTenant(async ({ db, request }) =>
  Response.json(await listProjects(db, pageParamsFrom(request))),
);
