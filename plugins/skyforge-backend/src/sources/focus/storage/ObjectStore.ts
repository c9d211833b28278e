/** One object (or local file) in a store. */
export interface StoredObject {
  /** The object's key in its bucket or container (an absolute path for local files). */
  key: string;
  size?: number;
  lastModified?: Date;
}

/** A local file holding an object's bytes; `release` removes it when it is a temporary copy. */
export interface LocalCopy {
  path: string;
  release(): Promise<void>;
}

/**
 * Where FOCUS files live: the local disk, an S3 bucket, a GCS bucket or an Azure Blob container.
 * Keys are `/`-separated.
 */
export interface ObjectStore {
  /** How the store is named in messages, e.g. `s3://billing`; never holds credentials. */
  readonly displayName: string;
  /** Every object whose key starts with `prefix`. */
  list(prefix: string, signal?: AbortSignal): AsyncIterable<StoredObject>;
  /** A small object's text (export manifests). */
  readText(key: string, signal?: AbortSignal): Promise<string>;
  /**
   * The object as a local file: the file itself for local stores, a download into `directory`
   * (keeping the key's base name, whose extension tells the format) otherwise.
   */
  copyToLocal(
    key: string,
    directory: string,
    signal?: AbortSignal,
  ): Promise<LocalCopy>;
}

/** `a/b/c.csv` → `c.csv`. */
export function baseName(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

/** `a/b/c.csv` → `a/b`; `c.csv` → ``. */
export function parentKey(key: string): string {
  const slash = key.lastIndexOf('/');
  return slash === -1 ? '' : key.slice(0, slash);
}
