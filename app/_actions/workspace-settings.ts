"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { renameWorkspace } from "@/lib/directory";
import { tenantAction } from "@/lib/tenancy";
import { formInput, parseOrThrow } from "@/lib/validation";

const renameSchema = z.object({ name: z.string().trim().min(1, "Give the workspace a name.").max(120, "At most 120 characters.") }).strict();

// The owner renames the workspace; its address stays.
export const renameWorkspaceAction = tenantAction("tenant.rename", async ({ tenant, actor }, form) => {
  const { name } = parseOrThrow(renameSchema, formInput(form));
  await renameWorkspace(tenant.id, name, actor);
  revalidatePath("/", "layout");
  return { ok: true, message: `The workspace is now called ${name}.` };
});
