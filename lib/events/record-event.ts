import type { Prisma } from "@/lib/generated/prisma/client";
import type { Actor } from "./actor";
import { EVENT_CATALOG, type EventPayload, type EventType } from "./catalog";

/** An event as it is stored: the checked payload, its subject, and who acted. */
export type EventRow = {
  type: EventType;
  payload: Prisma.InputJsonObject;
  subjectId: string | null;
  actorKind: Actor["kind"];
  actorId: string | null;
  actorName: string | null;
  ip: string | null;
  userAgent: string | null;
};

/** Builds the row for an event, checking its payload against the catalogue (a bug, not bad input, if it fails). */
export function eventRow<T extends EventType>(type: T, payload: EventPayload<T>, actor: Actor): EventRow {
  const definition = EVENT_CATALOG[type];
  const checked = definition.payload.parse(payload) as EventPayload<T>;
  return {
    type,
    payload: checked as Prisma.InputJsonObject,
    subjectId: (definition.subject as (p: EventPayload<T>) => string | null)(checked),
    actorKind: actor.kind,
    actorId: actor.id,
    actorName: actor.name,
    ip: actor.ip?.slice(0, 64) ?? null,
    userAgent: actor.userAgent?.slice(0, 400) ?? null,
  };
}

/**
 * The row as one SQL insert, for the writers outside Prisma: the control plane's transactions,
 * and a dedicated tenant's log written on their behalf. The tenant comes from the binding.
 */
export function eventInsert(row: EventRow): [text: string, values: unknown[]] {
  return [
    "INSERT INTO events (type, payload, subject_id, actor_kind, actor_id, actor_name, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    [row.type, row.payload, row.subjectId, row.actorKind, row.actorId, row.actorName, row.ip, row.userAgent],
  ];
}

/** Anything that can insert an event: a tenant-bound client or transaction. */
export type EventWriter = { event: { create(args: { data: EventRow }): Promise<unknown>; createMany(args: { data: EventRow[] }): Promise<unknown> } };

/**
 * Appends an event to the tenant's log. Call it inside the transaction that makes the change, so
 * the event exists if and only if the change committed.
 */
export async function recordEvent<T extends EventType>(tx: EventWriter, type: T, payload: EventPayload<T>, actor: Actor): Promise<void> {
  await tx.event.create({ data: eventRow(type, payload, actor) });
}

/** Appends several events (built with eventRow) in one statement, in this order: their ids follow it. */
export async function recordEvents(tx: EventWriter, rows: EventRow[]): Promise<void> {
  if (rows.length > 0) await tx.event.createMany({ data: rows });
}
