"use server";

import { revalidatePath } from "next/cache";
import { createProject } from "@/lib/projects/create-project";
import { tenantAction } from "@/lib/tenancy";

// Add a project from the dashboard form; members and up.
export const createProjectAction = tenantAction("project.write", async ({ db, userId }, form) => {
  const project = await createProject(db, { name: form.get("name"), status: form.get("status") || undefined }, userId);
  revalidatePath("/");
  return { ok: true, message: `Added ${project.name}.` };
});
