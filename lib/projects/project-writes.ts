import { z } from "zod";
import { changedFields, changedValues } from "@/lib/changed-fields";
import { TenancyError } from "@/lib/errors";
import type { Actor } from "@/lib/events/actor";
import { recordEvent } from "@/lib/events/record-event";
import { isRecordNotFound, isUniqueViolation, type Permission, type TenantDb } from "@/lib/tenancy";
import { assertUnchangedSince, assertUpdated, editVersion, unchangedSinceRead } from "@/lib/edit-version";
import { parseOrThrow } from "@/lib/validation";

// One validation and write path for projects, shared by server actions and the JSON API. Each
// write and its event commit together or not at all.

export const PROJECT_STATUSES = ["planned", "active", "on_hold", "completed", "archived"] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

const fields = {
  name: z.string().trim().min(1, "Give the project a name.").max(120, "At most 120 characters."),
  status: z.enum(PROJECT_STATUSES, { error: `One of: ${PROJECT_STATUSES.join(", ")}.` }),
};

export const projectCreateSchema = z.object({ ...fields, status: fields.status.default("active") }).strict();
export const projectUpdateSchema = z
  .object({ ...fields, version: editVersion })
  .partial()
  .strict()
  .refine(({ version: _, ...change }) => Object.keys(change).length > 0, { message: "Change at least one field.", path: ["_"] });

const select = { id: true, name: true, status: true, createdAt: true, updatedAt: true } as const;

function fieldError(error: unknown): never {
  if (isUniqueViolation(error)) throw new TenancyError("invalid_request", "The request is invalid.", { name: ["A project with this name already exists."] });
  if (isRecordNotFound(error)) throw new TenancyError("not_found", "No such project.");
  throw error;
}

/** Who is writing: recorded as the events' actor, and asked for the permissions a change needs beyond the entry's. */
export type Writer = { actor: Actor; can(permission: Permission): boolean };

/** Creates a project and its `project.created` event. Creating one already archived takes `project.archive`, as archiving does. */
export async function createProject(db: TenantDb, input: unknown, { actor, can }: Writer) {
  const data = parseOrThrow(projectCreateSchema, input);
  if (data.status === "archived" && !can("project.archive")) throw new TenancyError("forbidden", "Only admins and owners may archive projects.");
  return db
    .$transaction(async (tx) => {
      const project = await tx.project.create({ data, select });
      await recordEvent(tx, "project.created", { id: project.id, name: project.name, status: project.status }, actor);
      return project;
    })
    .catch(fieldError);
}

/**
 * Renames a project or changes its status. Archiving or restoring takes `project.archive` (admins),
 * beyond the `project.write` that the caller's wrapper checked. Moving to `archived` is recorded
 * as `project.archived`, any other change as `project.updated`; no change, no write. Members
 * stay assigned, but no one new can join an archived project.
 */
export async function updateProject(db: TenantDb, id: string, input: unknown, { actor, can }: Writer) {
  if (!z.uuid().safeParse(id).success) throw new TenancyError("not_found", "No such project.");
  const { version, ...data } = parseOrThrow(projectUpdateSchema, input);
  return db
    .$transaction(async (tx) => {
      const before = await tx.project.findFirst({ where: { id }, select });
      if (!before) throw new TenancyError("not_found", "No such project.");
      assertUnchangedSince(before, version);
      const changed = changedFields(data, before);
      if (changed.length === 0) return before;
      if (changed.includes("status") && (data.status === "archived" || before.status === "archived") && !can("project.archive")) throw new TenancyError("forbidden");
      const { count } = await tx.project.updateMany({ where: { id, ...unchangedSinceRead(before, version) }, data });
      assertUpdated(count);
      const project = await tx.project.findFirstOrThrow({ where: { id }, select });
      const type = data.status === "archived" && changed.includes("status") ? "project.archived" : "project.updated";
      await recordEvent(tx, type, { id, name: project.name, status: project.status, changed, values: changedValues(changed, before, project) }, actor);
      return project;
    })
    .catch(fieldError);
}

export const archiveProject = (db: TenantDb, id: string, writer: Writer) => updateProject(db, id, { status: "archived" }, writer);
