/**
 * Who made a change: a signed-in user, an API key, an operator (the CLI), or the system itself
 * (a migration, a background job). Recorded with every event, by name as it was at the time.
 */
export type Actor = {
  kind: "user" | "api_key" | "operator" | "system";
  id: string | null;
  name: string | null;
  /** From where, when a request acted: the client's address and user agent. */
  ip?: string | null;
  userAgent?: string | null;
};

export const SYSTEM_ACTOR: Actor = { kind: "system", id: null, name: null };

/** How an actor is named to people: "Mona Marsh", "API key “CI”", "an operator". */
export function actorLabel(actor: Pick<Actor, "kind" | "name">): string {
  switch (actor.kind) {
    case "user":
      return actor.name ?? "Someone";
    case "api_key":
      return actor.name ? `API key “${actor.name}”` : "An API key";
    case "operator":
      return actor.name ? `${actor.name} (operator)` : "An operator";
    case "system":
      return "Tenantry";
  }
}
