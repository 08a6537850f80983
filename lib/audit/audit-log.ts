import { z } from "zod";
import { EVENT_CATALOG, EVENT_TYPES, type EventType } from "@/lib/events/catalog";
import { describeEvent } from "@/lib/events/describe-event";
import type { TenantDb } from "@/lib/tenancy";

// The audit log: the tenant's events of the catalogue's `audit` audience, newest first, filtered
// by type, actor and date range, a page at a time (keyset on the event id, which only grows).
// Read through the tenant's bound client: row-level security keeps it to this tenant's events.

export const AUDIT_TYPES = EVENT_TYPES.filter((t) => (EVENT_CATALOG[t].audience as readonly string[]).includes("audit"));
const PAGE_SIZE = 50;

export const auditFilterSchema = z
  .object({
    type: z.enum(AUDIT_TYPES as [EventType, ...EventType[]], { error: "Not an audited event type." }).optional(),
    actor: z.string().trim().max(100, "At most 100 characters.").regex(/^[^\u0000-\u001f\u007f]*$/, "No control characters.").optional(),
    from: z.iso.date({ error: "A date: YYYY-MM-DD." }).optional(),
    to: z.iso.date({ error: "A date: YYYY-MM-DD." }).optional(),
    before: z.string().regex(/^\d{1,18}$/, "Not a position in the log.").optional(),
  })
  .strict()
  .refine((f) => !(f.from && f.to && f.from > f.to), { message: "The start is after the end.", path: ["to"] });

export type AuditFilter = z.infer<typeof auditFilterSchema>;

/** Query parameters as a filter: empty fields (an untouched form field) count as absent. */
export function auditFilterFrom(params: Record<string, string | string[] | undefined>) {
  const given = Object.fromEntries(Object.entries(params).filter(([, v]) => typeof v === "string" && v.trim() !== ""));
  return auditFilterSchema.safeParse(given);
}

export type AuditEntry = { id: string; type: string; text: string; actorKind: string; ip: string | null; userAgent: string | null; at: Date };

/** One page of the log and the position of the next (older) one, if any. */
export async function auditPage(db: TenantDb, filter: AuditFilter): Promise<{ entries: AuditEntry[]; older: string | null }> {
  const rows = await db.event.findMany({
    where: {
      type: filter.type ?? { in: AUDIT_TYPES },
      ...(filter.actor ? { actorName: { contains: filter.actor, mode: "insensitive" as const } } : {}),
      createdAt: {
        ...(filter.from ? { gte: new Date(`${filter.from}T00:00:00Z`) } : {}),
        ...(filter.to ? { lt: new Date(new Date(`${filter.to}T00:00:00Z`).getTime() + 86_400_000) } : {}),
      },
      ...(filter.before ? { id: { lt: BigInt(filter.before) } } : {}),
    },
    orderBy: { id: "desc" },
    take: PAGE_SIZE + 1,
  });
  const entries = rows.slice(0, PAGE_SIZE).map((e) => ({
    id: e.id.toString(),
    type: e.type,
    text: describeEvent(e),
    actorKind: e.actorKind,
    ip: e.ip,
    userAgent: e.userAgent,
    at: e.createdAt,
  }));
  return { entries, older: rows.length > PAGE_SIZE ? entries[entries.length - 1].id : null };
}
