import { z } from "zod";
import { changedFields, changedValues } from "@/lib/changed-fields";
import { TenancyError } from "@/lib/errors";
import type { Actor } from "@/lib/events/actor";
import { eventRow, recordEvent, recordEvents } from "@/lib/events/record-event";
import { isForeignKeyViolation, isRecordNotFound, isUniqueViolation, type TenantDb, type TenantTx } from "@/lib/tenancy";
import { assertUnchangedSince, assertUpdated, editVersion, unchangedSinceRead } from "@/lib/edit-version";
import { parseOrThrow } from "@/lib/validation";

// One validation and write path for employees, shared by server actions and the JSON API. Each
// write and its event commit together or not at all.

const fields = {
  name: z.string().trim().min(1, "Enter a name.").max(120, "At most 120 characters."),
  email: z.string().trim().toLowerCase().email("Enter a valid email address.").max(254, "At most 254 characters."),
  title: z.string().trim().max(120, "At most 120 characters."),
  department: z.string().trim().max(80, "At most 80 characters."),
  projectId: z.uuid("Not a project id.").nullable(),
};

export const employeeCreateSchema = z.object({ ...fields, title: fields.title.default(""), department: fields.department.default(""), projectId: fields.projectId.default(null) }).strict();
export const employeeUpdateSchema = z
  .object({ ...fields, version: editVersion })
  .partial()
  .strict()
  .refine(({ version: _, ...change }) => Object.keys(change).length > 0, { message: "Change at least one field.", path: ["_"] });

const select = { id: true, name: true, email: true, title: true, department: true, projectId: true, createdAt: true, updatedAt: true } as const;

function fieldError(error: unknown): never {
  if (isUniqueViolation(error)) throw new TenancyError("invalid_request", "The request is invalid.", { email: ["Someone here already has this email."] });
  if (isForeignKeyViolation(error)) throw new TenancyError("invalid_request", "The request is invalid.", { projectId: ["No such project."] });
  if (isRecordNotFound(error)) throw new TenancyError("not_found", "No such employee.");
  throw error;
}

/** New assignments go only to open projects; the foreign key alone would accept an archived one. */
async function assertAssignable(tx: TenantTx, projectId: string | null | undefined) {
  if (!projectId) return;
  const project = await tx.project.findFirst({ where: { id: projectId }, select: { status: true } });
  if (!project) throw new TenancyError("invalid_request", "The request is invalid.", { projectId: ["No such project."] });
  if (project.status === "archived") throw new TenancyError("invalid_request", "The request is invalid.", { projectId: ["This project is archived."] });
}

export async function createEmployee(db: TenantDb, input: unknown, actor: Actor) {
  const data = parseOrThrow(employeeCreateSchema, input);
  return db
    .$transaction(async (tx) => {
      await assertAssignable(tx, data.projectId);
      const employee = await tx.employee.create({ data, select });
      await recordEvent(tx, "employee.created", { id: employee.id, name: employee.name }, actor);
      return employee;
    })
    .catch(fieldError);
}

/**
 * Changes the fields given. Only fields whose value really changes are written and named in the
 * `employee.updated` event (a form sends them all); a new project also records
 * `assignment.changed`. Nothing changed: nothing written, no event.
 */
export async function updateEmployee(db: TenantDb, id: string, input: unknown, actor: Actor) {
  if (!z.uuid().safeParse(id).success) throw new TenancyError("not_found", "No such employee.");
  const { version, ...data } = parseOrThrow(employeeUpdateSchema, input);
  return db
    .$transaction(async (tx) => {
      const before = await tx.employee.findFirst({ where: { id }, select });
      if (!before) throw new TenancyError("not_found", "No such employee.");
      assertUnchangedSince(before, version);
      const changed = changedFields(data, before);
      if (changed.length === 0) return before;
      if (changed.includes("projectId")) await assertAssignable(tx, data.projectId);
      const { count } = await tx.employee.updateMany({ where: { id, ...unchangedSinceRead(before, version) }, data });
      assertUpdated(count);
      const employee = await tx.employee.findFirstOrThrow({ where: { id }, select });
      await recordEvent(tx, "employee.updated", { id, name: employee.name, changed, values: changedValues(changed, before, employee) }, actor);
      if (changed.includes("projectId")) {
        await recordEvent(tx, "assignment.changed", { id, name: employee.name, from: before.projectId, to: employee.projectId }, actor);
      }
      return employee;
    })
    .catch(fieldError);
}

export const bulkAssignSchema = z
  .object({
    ids: z.array(z.uuid("Not an employee id.")).min(1, "Select at least one employee.").max(100, "At most 100 at a time."),
    projectId: fields.projectId,
  })
  .strict();

/**
 * Puts the selected employees on one project (or none), all or nothing: an id that is not one of
 * this workspace's employees (another tenant's is not here) fails the whole change. Each employee
 * whose project really changes gets its own events, as a single change would, so their history reads the same.
 */
export async function assignEmployees(db: TenantDb, input: unknown, actor: Actor): Promise<{ changed: number; selected: number }> {
  const { ids, projectId } = parseOrThrow(bulkAssignSchema, input);
  const unique = [...new Set(ids)];
  return db
    .$transaction(async (tx) => {
      await assertAssignable(tx, projectId);
      const found = await tx.employee.findMany({ where: { id: { in: unique } }, select: { id: true, name: true, projectId: true } });
      if (found.length !== unique.length) throw new TenancyError("not_found", "No such employee.");
      const moving = found.filter((e) => e.projectId !== projectId);
      if (moving.length > 0) {
        await tx.employee.updateMany({ where: { id: { in: moving.map((e) => e.id) } }, data: { projectId } });
        // One statement for every person's events, not two round trips each.
        await recordEvents(
          tx,
          moving.flatMap((e) => [
            eventRow("employee.updated", { id: e.id, name: e.name, changed: ["projectId"], values: { projectId: [e.projectId, projectId] } }, actor),
            eventRow("assignment.changed", { id: e.id, name: e.name, from: e.projectId, to: projectId }, actor),
          ]),
        );
      }
      return { changed: moving.length, selected: unique.length };
    })
    .catch(fieldError);
}

export async function removeEmployee(db: TenantDb, id: string, actor: Actor) {
  if (!z.uuid().safeParse(id).success) throw new TenancyError("not_found", "No such employee.");
  await db
    .$transaction(async (tx) => {
      const employee = await tx.employee.delete({ where: { id }, select: { id: true, name: true } });
      await recordEvent(tx, "employee.removed", { id, name: employee.name }, actor);
    })
    .catch(fieldError);
}
