import type { Clock } from '../util/clock';

/**
 * Promises kept for a time after they resolve, so that concurrent and repeated callers share one
 * load. Rejected loads are forgotten at once, so the next caller tries again.
 */
export class ExpiringCache<T> {
  readonly #entries = new Map<
    string,
    { promise: Promise<T>; expiresAt?: number }
  >();
  readonly #clock: Clock;
  readonly #ttlMs: number;
  readonly #maxEntries: number;

  constructor(options: { clock: Clock; ttlMs: number; maxEntries: number }) {
    this.#clock = options.clock;
    this.#ttlMs = options.ttlMs;
    this.#maxEntries = options.maxEntries;
  }

  get(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.#clock.now().getTime();
    const cached = this.#entries.get(key);
    if (cached && (cached.expiresAt === undefined || cached.expiresAt > now)) {
      return cached.promise;
    }
    for (const [otherKey, other] of this.#entries) {
      if (other.expiresAt !== undefined && other.expiresAt <= now)
        this.#entries.delete(otherKey);
    }
    const entry: { promise: Promise<T>; expiresAt?: number } = {
      promise: load(),
    };
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
    entry.promise.then(
      () => {
        entry.expiresAt = this.#clock.now().getTime() + this.#ttlMs;
      },
      () => {
        if (this.#entries.get(key) === entry) this.#entries.delete(key);
      },
    );
    return entry.promise;
  }
}
