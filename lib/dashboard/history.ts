import type { TenantTx } from "@/lib/tenancy";

/** The latest events about one record (an employee or a project, by its id), newest first. */
export function recordHistory(db: TenantTx, id: string, take = 20) {
  return db.event.findMany({
    where: { payload: { path: ["id"], equals: id } },
    orderBy: { id: "desc" },
    take,
    select: { id: true, type: true, payload: true, createdAt: true },
  });
}
