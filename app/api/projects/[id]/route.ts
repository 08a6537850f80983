import { getProject } from "@/lib/projects/project-reads";
import { updateProject } from "@/lib/projects/project-writes";
import { withTenant } from "@/lib/tenancy";
import { jsonBody } from "@/lib/validation";

type Params = { id: string };

// GET /api/projects/:id – one project with its member count
export const GET = withTenant<Params>(async ({ db, params }) => Response.json(await getProject(db, params.id)));

// PATCH /api/projects/:id – rename or change status ({ name?, status? }); members and up,
// archiving or restoring (to or from "archived") admins and up
export const PATCH = withTenant<Params>(
  async (ctx) => Response.json(await updateProject(ctx.db, ctx.params.id, await jsonBody(ctx.request), ctx)),
  { permission: "project.write" },
);
