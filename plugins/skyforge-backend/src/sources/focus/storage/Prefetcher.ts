import type { FocusFileRef } from './listFocusFiles';
import type { LocalCopy, ObjectStore } from './ObjectStore';

/** Fetches file N+1 while file N is being read, so downloads and reading overlap. */
export class Prefetcher {
  #index = 0;
  #pending?: Promise<LocalCopy>;

  constructor(
    private readonly store: ObjectStore,
    private readonly files: FocusFileRef[],
    private readonly directory: string,
    private readonly signal?: AbortSignal,
  ) {}

  async next(): Promise<LocalCopy> {
    const current = this.#pending ?? this.#fetch(this.#index);
    this.#index += 1;
    this.#pending =
      this.#index < this.files.length ? this.#fetch(this.#index) : undefined;
    return current;
  }

  #fetch(index: number): Promise<LocalCopy> {
    const promise = this.store.copyToLocal(
      this.files[index].key,
      this.directory,
      this.signal,
    );
    // A prefetch that fails is reported when it is awaited, not as an unhandled rejection.
    promise.catch(() => {});
    return promise;
  }

  async close(): Promise<void> {
    const pending = this.#pending;
    this.#pending = undefined;
    if (pending) {
      await pending.then(
        copy => copy.release(),
        () => {},
      );
    }
  }
}
