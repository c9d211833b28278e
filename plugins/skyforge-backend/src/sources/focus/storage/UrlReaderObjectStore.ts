import type { UrlReaderService } from '@backstage/backend-plugin-api';
import type { LocalCopy, ObjectStore, StoredObject } from './ObjectStore';
import { downloadToFile } from './downloadToFile';

/**
 * One file at an `http(s)` URL that Backstage's URL reader serves (a configured integration, or
 * a host allowed under `backend.reading.allow`). Keys are the URL; listing yields only it, since
 * URL readers cannot list folders of plain web servers.
 */
export class UrlReaderObjectStore implements ObjectStore {
  readonly displayName: string;

  constructor(
    private readonly url: string,
    private readonly urlReader: UrlReaderService,
  ) {
    const parsed = new URL(url);
    this.displayName = `${parsed.origin}${parsed.pathname}`;
  }

  async *list(): AsyncIterable<StoredObject> {
    yield { key: this.url };
  }

  async readText(key: string, signal?: AbortSignal): Promise<string> {
    const response = await this.urlReader.readUrl(key, { signal });
    return (await response.buffer()).toString('utf8');
  }

  async copyToLocal(
    key: string,
    directory: string,
    signal?: AbortSignal,
  ): Promise<LocalCopy> {
    const response = await this.urlReader.readUrl(key, { signal });
    return downloadToFile({
      key: new URL(key).pathname,
      directory,
      body: response.stream ? response.stream() : [await response.buffer()],
      signal,
    });
  }
}
