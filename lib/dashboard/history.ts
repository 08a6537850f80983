import type { TenantTx } from "@/lib/tenancy";

/** The latest events about one record (an employee or a project, by its id), newest first, from the (tenant, subject) index. */
export function recordHistory(db: TenantTx, subjectId: string, take = 20) {
  return db.event.findMany({
    where: { subjectId },
    orderBy: { id: "desc" },
    take,
    select: { id: true, type: true, payload: true, actorKind: true, actorName: true, createdAt: true },
  });
}
