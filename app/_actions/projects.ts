"use server";

import { revalidatePath } from "next/cache";
import { archiveProject, createProject, updateProject } from "@/lib/projects/project-writes";
import { tenantAction } from "@/lib/tenancy";
import { formInput } from "@/lib/validation";

// The dashboard's project writes, through the JSON API's write path (lib/projects).

export const createProjectAction = tenantAction("project.write", async ({ db, userId }, form) => {
  const project = await createProject(db, formInput(form), userId);
  revalidatePath("/", "layout");
  return { ok: true, message: `Added ${project.name}.` };
});

export const updateProjectAction = tenantAction("project.write", async ({ db, userId, role }, form) => {
  const project = await updateProject(db, String(form.get("id") ?? ""), formInput(form, { omit: ["id"] }), { userId, role });
  revalidatePath("/", "layout");
  return { ok: true, message: `Saved ${project.name}.` };
});

export const archiveProjectAction = tenantAction("project.archive", async ({ db, userId, role }, form) => {
  const project = await archiveProject(db, String(form.get("id") ?? ""), { userId, role });
  revalidatePath("/", "layout");
  return { ok: true, message: `Archived ${project.name}.` };
});
