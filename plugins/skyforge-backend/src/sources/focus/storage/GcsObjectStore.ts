import { Storage } from '@google-cloud/storage';
import type { LocalCopy, ObjectStore, StoredObject } from './ObjectStore';
import { downloadToFile } from './downloadToFile';

/** How to reach a bucket; without a key, Application Default Credentials apply. */
export interface GcsStoreOptions {
  bucket: string;
  projectId?: string;
  /** Another endpoint (an emulator or a test double); requests to it carry no credentials. */
  apiEndpoint?: string;
  clientEmail?: string;
  privateKey?: string;
}

/**
 * A Google Cloud Storage bucket, through the GCS SDK. Credentials: a service account key from
 * the options, or Application Default Credentials (GKE workload identity, a VM's service account,
 * `gcloud auth application-default login`), which need `roles/storage.objectViewer`.
 */
export class GcsObjectStore implements ObjectStore {
  readonly displayName: string;
  readonly #storage: Storage;
  readonly #bucket: string;

  constructor(options: GcsStoreOptions) {
    this.#bucket = options.bucket;
    this.displayName = `gs://${options.bucket}`;
    this.#storage = new Storage({
      projectId: options.projectId,
      apiEndpoint: options.apiEndpoint,
      credentials:
        options.clientEmail && options.privateKey
          ? {
              client_email: options.clientEmail,
              private_key: options.privateKey,
            }
          : undefined,
    });
  }

  async *list(prefix: string): AsyncIterable<StoredObject> {
    let pageToken: string | undefined;
    do {
      const [files, next] = await this.#storage
        .bucket(this.#bucket)
        .getFiles({ prefix, autoPaginate: false, pageToken });
      for (const file of files) {
        yield {
          key: file.name,
          size:
            file.metadata.size === undefined
              ? undefined
              : Number(file.metadata.size),
          lastModified: file.metadata.updated
            ? new Date(file.metadata.updated)
            : undefined,
        };
      }
      pageToken = (next as { pageToken?: string } | null)?.pageToken;
    } while (pageToken);
  }

  async readText(key: string): Promise<string> {
    const [contents] = await this.#storage
      .bucket(this.#bucket)
      .file(key)
      .download();
    return contents.toString('utf8');
  }

  async copyToLocal(
    key: string,
    directory: string,
    signal?: AbortSignal,
  ): Promise<LocalCopy> {
    return downloadToFile({
      key,
      directory,
      body: this.#storage.bucket(this.#bucket).file(key).createReadStream(),
      signal,
    });
  }
}
