/**
 * A small time-bounded, size-bounded cache for the per-request lookups that rarely change: who
 * `acme` is, whether a session is valid, a user's role in a tenant. Entries live `ttlMs` (a
 * change takes at most that long to show on another instance) and the oldest go first past
 * `max` entries. Misses are remembered too, so a flood of made-up subdomains costs one query each
 * per TTL, not one per request.
 */
export class TtlCache<T> {
  readonly #entries = new Map<string, { value: T; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly max = 10_000,
  ) {}

  async get(key: string, load: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const hit = this.#entries.get(key);
    if (hit && hit.expires > now) return hit.value;
    const value = await load();
    this.#entries.delete(key);
    if (this.ttlMs > 0) {
      if (this.#entries.size >= this.max) this.#entries.delete(this.#entries.keys().next().value!);
      this.#entries.set(key, { value, expires: now + this.ttlMs });
    }
    return value;
  }

  delete(key: string) {
    this.#entries.delete(key);
  }

  clear() {
    this.#entries.clear();
  }
}
