import { DefaultAzureCredential } from '@azure/identity';
import {
  AnonymousCredential,
  ContainerClient,
  StorageSharedKeyCredential,
} from '@azure/storage-blob';
import type { LocalCopy, ObjectStore, StoredObject } from './ObjectStore';
import { downloadToFile } from './downloadToFile';

/** How to reach a container; without a key or SAS token, `DefaultAzureCredential` applies. */
export interface AzureBlobStoreOptions {
  account: string;
  container: string;
  /**
   * The Blob service endpoint including the account, e.g. `http://127.0.0.1:10000/devstoreaccount1`
   * for Azurite. Default `https://<account>.blob.core.windows.net`.
   */
  endpoint?: string;
  accountKey?: string;
  /** A SAS token (without the leading `?`) with read and list permissions. */
  sasToken?: string;
}

/**
 * An Azure Blob Storage container, through the Azure SDK. Credentials: an account key, a SAS
 * token, or else `DefaultAzureCredential` (workload identity, managed identity, Azure CLI ...),
 * which needs the `Storage Blob Data Reader` role on the container.
 */
export class AzureBlobObjectStore implements ObjectStore {
  readonly displayName: string;
  readonly #client: ContainerClient;

  constructor(options: AzureBlobStoreOptions) {
    const endpoint = (
      options.endpoint ?? `https://${options.account}.blob.core.windows.net`
    ).replace(/\/+$/, '');
    this.displayName = `${endpoint}/${options.container}`;
    const url = `${endpoint}/${encodeURIComponent(options.container)}`;
    if (options.accountKey) {
      this.#client = new ContainerClient(
        url,
        new StorageSharedKeyCredential(options.account, options.accountKey),
      );
    } else if (options.sasToken) {
      this.#client = new ContainerClient(
        `${url}?${options.sasToken.replace(/^\?/, '')}`,
        new AnonymousCredential(),
      );
    } else {
      this.#client = new ContainerClient(url, new DefaultAzureCredential());
    }
  }

  async *list(
    prefix: string,
    signal?: AbortSignal,
  ): AsyncIterable<StoredObject> {
    for await (const blob of this.#client.listBlobsFlat({
      prefix,
      abortSignal: signal,
    })) {
      yield {
        key: blob.name,
        size: blob.properties.contentLength,
        lastModified: blob.properties.lastModified,
      };
    }
  }

  async readText(key: string, signal?: AbortSignal): Promise<string> {
    const buffer = await this.#client
      .getBlobClient(key)
      .downloadToBuffer(0, undefined, { abortSignal: signal });
    return buffer.toString('utf8');
  }

  async copyToLocal(
    key: string,
    directory: string,
    signal?: AbortSignal,
  ): Promise<LocalCopy> {
    const download = await this.#client
      .getBlobClient(key)
      .download(0, undefined, { abortSignal: signal });
    if (!download.readableStreamBody) {
      throw new Error(`${this.displayName}/${key} has no body`);
    }
    return downloadToFile({
      key,
      directory,
      body: download.readableStreamBody,
      signal,
    });
  }
}
