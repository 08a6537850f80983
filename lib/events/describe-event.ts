import { actorLabel, type Actor } from "./actor";
import { EVENT_CATALOG, isEventType } from "./catalog";

type StoredEvent = { type: string; payload: unknown; actorKind: string; actorName: string | null };

/** The history label of an event type: "Added", "Archived"… */
export function eventLabel(type: string): string {
  return isEventType(type) ? EVENT_CATALOG[type].label : type;
}

/** A sentence for people: "Mona Marsh added project Anvil". */
export function describeEvent(event: StoredEvent): string {
  const who = actorLabel({ kind: event.actorKind as Actor["kind"], name: event.actorName });
  if (!isEventType(event.type)) return `${who} changed something`;
  const definition = EVENT_CATALOG[event.type];
  const payload = definition.payload.safeParse(event.payload);
  return payload.success ? `${who} ${(definition.describe as (p: unknown) => string)(payload.data)}` : `${who} changed something`;
}
