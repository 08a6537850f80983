"use server";

import { revalidatePath } from "next/cache";
import { archiveProject, createProject, updateProject } from "@/lib/projects/project-writes";
import { tenantAction } from "@/lib/tenancy";
import { formId, formInput } from "@/lib/validation";

// The dashboard's project writes, through the JSON API's write path (lib/projects).

export const createProjectAction = tenantAction("project.write", async (ctx, form) => {
  const project = await createProject(ctx.db, formInput(form), ctx);
  revalidatePath("/", "layout");
  return { ok: true, message: `Added ${project.name}.` };
});

export const updateProjectAction = tenantAction("project.write", async (ctx, form) => {
  const project = await updateProject(ctx.db, String(form.get("id") ?? ""), formInput(form, { omit: ["id"] }), ctx);
  revalidatePath("/", "layout");
  return { ok: true, message: `Saved ${project.name}.` };
});

export const archiveProjectAction = tenantAction("project.archive", async (ctx, form) => {
  const project = await archiveProject(ctx.db, formId(form), ctx);
  revalidatePath("/", "layout");
  return { ok: true, message: `Archived ${project.name}.` };
});
