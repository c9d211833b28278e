import type { Clock } from '../util/clock';

interface Entry<T> {
  promise: Promise<T>;
  /** Epoch milliseconds after which the value is stale; undefined while loading. */
  expiresAt?: number;
  /** A reload started for a stale value, which keeps being served meanwhile. */
  refreshing?: Promise<T>;
}

/**
 * Promises kept for a time after they resolve, so that concurrent and repeated callers share one
 * load. Rejected loads are forgotten at once, so the next caller tries again.
 *
 * @remarks
 * With `staleMs`, a value that expired less than `staleMs` ago is still answered at once while
 * one reload runs in the background (stale-while-revalidate): a page that many people keep open
 * never waits for its clusters, and what it shows is at most `ttlMs + staleMs` plus one load old.
 */
export class ExpiringCache<T> {
  readonly #entries = new Map<string, Entry<T>>();
  readonly #clock: Clock;
  readonly #ttlMs: number;
  readonly #staleMs: number;
  readonly #maxEntries: number;

  constructor(options: {
    clock: Clock;
    ttlMs: number;
    maxEntries: number;
    staleMs?: number;
  }) {
    this.#clock = options.clock;
    this.#ttlMs = options.ttlMs;
    this.#staleMs = options.staleMs ?? 0;
    this.#maxEntries = options.maxEntries;
  }

  get(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.#clock.now().getTime();
    const cached = this.#entries.get(key);
    if (cached && (cached.expiresAt === undefined || cached.expiresAt > now)) {
      return cached.promise;
    }
    if (cached && cached.expiresAt! + this.#staleMs > now) {
      cached.refreshing ??= this.#refresh(key, cached, load);
      return cached.promise;
    }
    for (const [otherKey, other] of this.#entries) {
      if (
        other.expiresAt !== undefined &&
        other.expiresAt + this.#staleMs <= now
      )
        this.#entries.delete(otherKey);
    }
    const entry: Entry<T> = { promise: load() };
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

  /** Reloads a stale entry; the new value replaces it once loaded, a failure drops it. */
  #refresh(key: string, stale: Entry<T>, load: () => Promise<T>): Promise<T> {
    const refreshing = load();
    refreshing.then(
      () => {
        if (this.#entries.get(key) !== stale) return;
        this.#entries.set(key, {
          promise: refreshing,
          expiresAt: this.#clock.now().getTime() + this.#ttlMs,
        });
      },
      () => {
        if (this.#entries.get(key) === stale) this.#entries.delete(key);
      },
    );
    return refreshing;
  }
}
