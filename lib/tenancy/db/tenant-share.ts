/** Thrown when a tenant waited its whole bound for one of its share of a pool's connections. */
export class TenantShareTimeout extends Error {
  constructor(waitedMs: number, share: number) {
    super(`waited ${waitedMs} ms for one of this tenant's ${share} connections`);
    this.name = "TenantShareTimeout";
  }
}

/**
 * How many of a pool's connections one tenant may hold at once, so that one tenant's burst (or
 * its slow queries) leaves the others a share of the pool. A tenant at its share waits, in
 * order, for one of its own connections to come back; past `waitMs` it is refused
 * (TenantShareTimeout, a typed 503). Per instance, like the pool. Written by hand: it is a
 * keyed semaphore of a few lines, and pg's pool has no notion of who asks.
 */
export class TenantShare {
  readonly #held = new Map<string, number>();
  readonly #waiting = new Map<string, (() => void)[]>();

  constructor(
    readonly share: number,
    private readonly waitMs: number,
  ) {}

  /** Takes one of the tenant's slots (waiting if need be); resolves with the function that gives it back. */
  acquire(tenantId: string): Promise<() => void> {
    const held = this.#held.get(tenantId) ?? 0;
    if (held < this.share) {
      this.#held.set(tenantId, held + 1);
      return Promise.resolve(this.#releaser(tenantId));
    }
    return new Promise((resolve, reject) => {
      const queue = this.#waiting.get(tenantId) ?? [];
      this.#waiting.set(tenantId, queue);
      const grant = () => {
        clearTimeout(timer);
        resolve(this.#releaser(tenantId)); // the slot passes straight from the releaser: the count is unchanged
      };
      const timer = setTimeout(() => {
        queue.splice(queue.indexOf(grant), 1);
        if (queue.length === 0 && this.#waiting.get(tenantId) === queue) this.#waiting.delete(tenantId);
        reject(new TenantShareTimeout(this.waitMs, this.share));
      }, this.waitMs);
      queue.push(grant);
    });
  }

  #releaser(tenantId: string): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.get(tenantId)?.shift();
      if (next) return next();
      this.#waiting.delete(tenantId);
      const held = (this.#held.get(tenantId) ?? 1) - 1;
      if (held > 0) this.#held.set(tenantId, held);
      else this.#held.delete(tenantId);
    };
  }
}
