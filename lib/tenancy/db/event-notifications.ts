import pg from "pg";

// One LISTEN connection per database per app instance (not per browser), kept outside the pool
// and opened when the first listener arrives. Listeners hear "tenant T has events up to id N";
// after a reconnect they hear a resync (id null) and re-read the log from where they were, so
// nothing is lost while the connection was down.
type Listener = (eventId: bigint | null) => void;

const CHANNEL = "tenantry_events";

export class EventNotifications {
  readonly #listeners = new Map<string, Set<Listener>>();
  #client: pg.Client | null = null;
  #connecting: Promise<void> | null = null;
  #closed = false;

  constructor(private readonly connectionString: string) {}

  async subscribe(tenantId: string, listener: Listener): Promise<() => void> {
    let set = this.#listeners.get(tenantId);
    if (!set) this.#listeners.set(tenantId, (set = new Set()));
    set.add(listener);
    await this.#connect();
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.#listeners.get(tenantId) === set) this.#listeners.delete(tenantId);
    };
  }

  close(): void {
    this.#closed = true;
    void this.#client?.end().catch(() => {});
    this.#client = null;
  }

  #connect(): Promise<void> {
    if (this.#client) return Promise.resolve();
    this.#connecting ??= (async () => {
      const client = new pg.Client({ connectionString: this.connectionString });
      client.on("notification", (msg) => {
        const [tenantId, id] = (msg.payload ?? "").split(":");
        for (const listener of this.#listeners.get(tenantId) ?? []) listener(BigInt(id));
      });
      client.on("error", () => this.#reconnect(client));
      client.on("end", () => this.#reconnect(client));
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      this.#client = client;
    })().finally(() => (this.#connecting = null));
    return this.#connecting;
  }

  #reconnect(dead: pg.Client) {
    if (this.#client !== dead || this.#closed) return;
    this.#client = null;
    const retry = () => {
      if (this.#closed) return;
      this.#connect().then(
        () => this.#listeners.forEach((set) => set.forEach((listener) => listener(null))),
        () => setTimeout(retry, 1000),
      );
    };
    setTimeout(retry, 100);
  }
}
