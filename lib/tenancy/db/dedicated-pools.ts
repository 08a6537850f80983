import type { PrismaClient } from "@/lib/generated/prisma/client";
import { TenancyError } from "@/lib/errors";
import { databaseErrors } from "@/lib/observability/metrics";
import type { PrismaHandle } from "./prisma-client";

/** A dedicated database's client, held for one call or transaction: its pool is not closed meanwhile. */
export type PrismaLease = { prisma: PrismaClient; release(): void };

type Entry = { key: string; handle: PrismaHandle; pins: number };

export type DedicatedPoolsOptions = {
  /** How many databases may have a pool open at once: the connection budget over the pool size. */
  capacity: number;
  /** How long a call waits for room, when every open pool is in use, before its 503. */
  waitMs: number;
  /** Opens a database's pool (connections come lazily, up to the pool size). */
  open(key: string): PrismaHandle;
  /** Checked once when a pool opens; throws (a typed error) to refuse the database. */
  check(prisma: PrismaClient): Promise<void>;
};

/**
 * The pools of the dedicated databases this instance talks to, least recently used first, with
 * a bound on how many are open at once, so the connections they hold, together, stay within
 * TENANTRY_DEDICATED_CONNECTIONS. Room for a new one is made by closing the least recently used
 * pool that no call is using; when every pool is in use the call waits, bounded, then gets
 * `503 database_busy` with Retry-After. Written by hand: pg's pools share no cap, and an LRU
 * library would drop (not wait for) an entry still in use.
 */
export class DedicatedPools {
  readonly #entries = new Map<string, Entry>();
  readonly #opening = new Map<string, Promise<Entry>>();
  readonly #waiters = new Set<() => void>();
  #closing = 0;

  constructor(private readonly options: DedicatedPoolsOptions) {}

  /** The database's client, pinned until `release()`. */
  async lease(key: string): Promise<PrismaLease> {
    const deadline = Date.now() + this.options.waitMs;
    for (;;) {
      const entry = this.#entries.get(key);
      if (entry) return this.#pin(entry);
      const opening = this.#opening.get(key);
      if (opening) {
        await opening;
        continue;
      }
      // The opener gets its pool pinned, so no other caller closes it to make room before it is used.
      if (this.#entries.size + this.#opening.size + this.#closing < this.options.capacity) return this.#lease(await this.#open(key));
      // One pool closed per caller that needs room: its slot counts as taken until its connections are gone.
      const idle = [...this.#entries.values()].find((e) => e.pins === 0);
      if (idle) {
        await this.#close(idle);
        continue;
      }
      await this.#wait(deadline);
    }
  }

  /** Databases with a pool open now. */
  get open(): number {
    return this.#entries.size;
  }

  /** Closes a database's pool (after it was dropped or moved away), once no call uses it. */
  async forget(key: string): Promise<void> {
    const entry = this.#entries.get(key);
    if (entry) await this.#close(entry);
  }

  async end(): Promise<void> {
    await Promise.all([...this.#entries.values()].map((entry) => this.#close(entry)));
  }

  #pin(entry: Entry): PrismaLease {
    entry.pins++;
    // Map order is the LRU order: a used entry moves to the end.
    this.#entries.delete(entry.key);
    this.#entries.set(entry.key, entry);
    return this.#lease(entry);
  }

  /** A lease on an entry already pinned for it. */
  #lease(entry: Entry): PrismaLease {
    let released = false;
    return {
      prisma: entry.handle.prisma,
      release: () => {
        if (released) return;
        released = true;
        if (--entry.pins === 0) this.#wake();
      },
    };
  }

  #open(key: string): Promise<Entry> {
    const opening = (async () => {
      const handle = this.options.open(key);
      try {
        await this.options.check(handle.prisma);
      } catch (error) {
        await handle.end().catch(() => {});
        throw error;
      }
      const entry = { key, handle, pins: 1 };
      this.#entries.set(key, entry);
      return entry;
    })().finally(() => {
      this.#opening.delete(key);
      this.#wake();
    });
    this.#opening.set(key, opening);
    return opening;
  }

  // Counted until its connections are closed, so a new pool never pushes the total past the budget.
  #close(entry: Entry): Promise<void> {
    this.#entries.delete(entry.key);
    this.#closing++;
    return entry.handle
      .end()
      .catch(() => {})
      .finally(() => {
        this.#closing--;
        this.#wake();
      });
  }

  #wake(): void {
    for (const waiter of this.#waiters) waiter();
    this.#waiters.clear();
  }

  #wait(deadline: number): Promise<void> {
    const left = deadline - Date.now();
    if (left <= 0) {
      databaseErrors.inc({ kind: "database_busy" });
      return Promise.reject(new TenancyError("database_busy", undefined, undefined, { retryAfter: 2 }));
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, left);
      this.#waiters.add(done);
    });
  }
}
