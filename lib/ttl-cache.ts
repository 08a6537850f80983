/**
 * A small time-bounded, size-bounded cache for the per-request lookups that rarely change: who
 * `acme` is, whether a session is valid, a user's role in a tenant. Entries live `ttlMs` (a
 * change takes at most that long to show on another instance) and the oldest go first past
 * `max` entries. Misses are remembered too, so a flood of made-up subdomains costs one query each
 * per TTL, not one per request; and concurrent misses for one key share a single load.
 */
export class TtlCache<T> {
  readonly #entries = new Map<string, { value: T; expires: number }>();
  readonly #loading = new Map<string, Promise<T>>();

  constructor(
    private readonly ttlMs: number,
    private readonly max = 10_000,
  ) {}

  get(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.#entries.get(key);
    if (hit && hit.expires > Date.now()) return Promise.resolve(hit.value);
    const pending = this.#loading.get(key);
    if (pending) return pending;
    const loading = load()
      .then((value) => {
        // A delete() while this load ran (a change this instance made) must not be undone by it.
        if (this.#loading.get(key) === loading) this.#remember(key, value);
        return value;
      })
      .finally(() => {
        if (this.#loading.get(key) === loading) this.#loading.delete(key);
      });
    this.#loading.set(key, loading);
    return loading;
  }

  #remember(key: string, value: T) {
    this.#entries.delete(key);
    if (this.ttlMs <= 0) return;
    if (this.#entries.size >= this.max) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, { value, expires: Date.now() + this.ttlMs });
  }

  delete(key: string) {
    this.#entries.delete(key);
    this.#loading.delete(key);
  }

  clear() {
    this.#entries.clear();
    this.#loading.clear();
  }
}
