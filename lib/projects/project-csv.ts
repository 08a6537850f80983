import { csvStream } from "@/lib/csv-export";
import type { TenantDb } from "@/lib/tenancy";

export const PROJECT_CSV_COLUMNS = ["name", "status", "people", "created"] as const;

/** The workspace's projects as CSV: name, status, how many people are on each, and when it was created. */
export function projectCsvStream(db: TenantDb): ReadableStream<Uint8Array> {
  return csvStream(
    PROJECT_CSV_COLUMNS,
    (keyset) => db.project.findMany({ ...keyset, select: { id: true, name: true, status: true, createdAt: true, _count: { select: { employees: true } } } }),
    (p) => [p.name, p.status, String(p._count.employees), p.createdAt.toISOString()],
  );
}
