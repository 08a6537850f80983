import { pageParamsFrom } from "@/lib/pagination";
import { createProject } from "@/lib/projects/project-writes";
import { listProjects } from "@/lib/projects/project-reads";
import { withTenant } from "@/lib/tenancy";
import { jsonBody } from "@/lib/validation";

// GET /api/projects?limit=&after=|before= – one page of the tenant's projects
export const GET = withTenant(async ({ db, request }) =>
  Response.json(await listProjects(db, pageParamsFrom(request))),
);

// POST /api/projects – create a project ({ name, status? }); members and up
export const POST = withTenant(
  async (ctx) => Response.json(await createProject(ctx.db, await jsonBody(ctx.request), ctx), { status: 201 }),
  { permission: "project.write" },
);
