import { z } from "zod";
import { isUniqueViolation, TenancyError, type TenantDb } from "@/lib/tenancy";
import { parseOrThrow } from "@/lib/validation";

export const PROJECT_STATUSES = ["planned", "active", "on_hold", "completed", "archived"] as const;

export const projectInputSchema = z
  .object({
    name: z.string().trim().min(1, "Give the project a name.").max(120, "At most 120 characters."),
    status: z.enum(PROJECT_STATUSES, { error: `One of: ${PROJECT_STATUSES.join(", ")}.` }).default("active"),
  })
  .strict();

/** Creates a project and its `project.created` event in one transaction: both or neither. */
export async function createProject(db: TenantDb, input: unknown, actorId: string) {
  const data = parseOrThrow(projectInputSchema, input);
  try {
    return await db.$transaction(async (tx) => {
      const project = await tx.project.create({ data, select: { id: true, name: true, status: true, createdAt: true } });
      await tx.event.create({ data: { type: "project.created", payload: { id: project.id, name: project.name, status: project.status, actor: actorId } } });
      return project;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new TenancyError("invalid_request", "The request is invalid.", { name: ["A project with this name already exists."] });
    }
    throw error;
  }
}
