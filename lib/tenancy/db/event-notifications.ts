import { PgListener } from "./pg-listener";

// One LISTEN connection per database per app instance (not per browser), opened when the first
// listener arrives. Listeners hear "tenant T has events up to id N"; after a reconnect they hear a
// resync (id null) and re-read the log from where they were, so nothing is lost while the
// connection was down.
type Listener = (eventId: bigint | null) => void;

export class EventNotifications {
  readonly #listeners = new Map<string, Set<Listener>>();
  readonly #listener: PgListener;

  /** `onIdle`: called when the last listener leaves (a dedicated database's connection then closes). */
  constructor(connectionString: string, private readonly onIdle?: () => void) {
    this.#listener = new PgListener(connectionString, "tenantry_events", {
      notify: (payload) => {
        const [tenantId, id] = payload.split(":");
        for (const listener of this.#listeners.get(tenantId) ?? []) listener(BigInt(id));
      },
      resync: () => this.#listeners.forEach((set) => set.forEach((listener) => listener(null))),
    });
  }

  async subscribe(tenantId: string, listener: Listener): Promise<() => void> {
    let set = this.#listeners.get(tenantId);
    if (!set) this.#listeners.set(tenantId, (set = new Set()));
    set.add(listener);
    await this.#listener.start();
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.#listeners.get(tenantId) === set) this.#listeners.delete(tenantId);
      if (this.#listeners.size === 0) this.onIdle?.();
    };
  }

  /** Whether the LISTEN connection hears commits: see PgListener.state. */
  get state(): PgListener["state"] {
    return this.#listener.state;
  }

  close(): void {
    this.#listener.close();
  }
}
