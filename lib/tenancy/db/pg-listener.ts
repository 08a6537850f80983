import pg from "pg";

/**
 * One LISTEN connection on one channel, outside every pool, opened on first `start()`. After a
 * lost connection it reconnects and calls `resync`: notifications sent while it was down are gone,
 * so whoever listens must re-read what they keep (the event log from its cursor, a cache afresh).
 */
export class PgListener {
  #client: pg.Client | null = null;
  #connecting: Promise<void> | null = null;
  #closed = false;
  #wanted = false;

  constructor(
    private readonly connectionString: string,
    private readonly channel: string,
    private readonly handlers: { notify(payload: string): void; resync(): void },
  ) {}

  /** idle: never asked to listen; connected; or reconnecting (asked to, and not connected now). */
  get state(): "idle" | "connected" | "reconnecting" {
    if (this.#client) return "connected";
    return this.#wanted && !this.#closed ? "reconnecting" : "idle";
  }

  start(): Promise<void> {
    this.#wanted = true;
    if (this.#client || this.#closed) return Promise.resolve();
    this.#connecting ??= (async () => {
      const client = new pg.Client({ connectionString: this.connectionString });
      client.on("notification", (msg) => this.handlers.notify(msg.payload ?? ""));
      client.on("error", () => this.#reconnect(client));
      client.on("end", () => this.#reconnect(client));
      try {
        await client.connect();
        // Listening must not keep a process alive by itself (a script that read the directory
        // should still exit); a server is kept alive by its own socket.
        (client as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
        await client.query(`LISTEN ${pg.escapeIdentifier(this.channel)}`);
      } catch (error) {
        await client.end().catch(() => {});
        throw error;
      }
      if (this.#closed) await client.end().catch(() => {});
      else this.#client = client;
    })().finally(() => (this.#connecting = null));
    return this.#connecting;
  }

  /** Starts, and keeps trying (every few seconds) while the database cannot be reached; `resync` on success after a failure. */
  startRetrying(delayMs = 1000, failedBefore = false): void {
    this.start().then(
      () => failedBefore && this.handlers.resync(),
      () => {
        if (!this.#closed) setTimeout(() => this.startRetrying(Math.min(delayMs * 2, 30_000), true), delayMs).unref();
      },
    );
  }

  close(): void {
    this.#closed = true;
    void this.#client?.end().catch(() => {});
    this.#client = null;
  }

  #reconnect(dead: pg.Client) {
    if (this.#client !== dead || this.#closed) return;
    this.#client = null;
    const retry = () => {
      if (this.#closed) return;
      this.start().then(
        () => this.handlers.resync(),
        () => setTimeout(retry, 1000),
      );
    };
    setTimeout(retry, 100);
  }
}
