import {
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import type { LocalCopy, ObjectStore, StoredObject } from './ObjectStore';
import { downloadToFile } from './downloadToFile';

/** How to reach S3; without keys the SDK's default credential chain applies. */
export interface S3StoreOptions {
  bucket: string;
  region?: string;
  /** An S3-compatible endpoint (MinIO, s3rver); AWS needs none. */
  endpoint?: string;
  /** Path-style addressing (`endpoint/bucket/key`), which most S3-compatible servers need. */
  forcePathStyle?: boolean;
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
}

/**
 * An S3 bucket, through the AWS SDK. Credentials come from the options or, without them, from
 * the SDK's default chain (environment, shared config, web identity / EKS Pod Identity, instance
 * role); the SDK retries throttled and failed requests itself.
 */
export class S3ObjectStore implements ObjectStore {
  readonly displayName: string;
  readonly #client: S3Client;
  readonly #bucket: string;

  constructor(options: S3StoreOptions) {
    this.#bucket = options.bucket;
    this.displayName = `s3://${options.bucket}`;
    this.#client = new S3Client({
      region: options.region ?? 'us-east-1',
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
      credentials:
        options.accessKeyId && options.secretAccessKey
          ? {
              accessKeyId: options.accessKeyId,
              secretAccessKey: options.secretAccessKey,
              sessionToken: options.sessionToken,
            }
          : undefined,
    });
  }

  async *list(
    prefix: string,
    signal?: AbortSignal,
  ): AsyncIterable<StoredObject> {
    let token: string | undefined;
    do {
      const page = await this.#client.send(
        new ListObjectsV2Command({
          Bucket: this.#bucket,
          Prefix: prefix,
          ContinuationToken: token,
        }),
        { abortSignal: signal },
      );
      for (const object of page.Contents ?? []) {
        if (object.Key) {
          yield {
            key: object.Key,
            size: object.Size,
            lastModified: object.LastModified,
          };
        }
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async readText(key: string, signal?: AbortSignal): Promise<string> {
    const object = await this.#client.send(
      new GetObjectCommand({ Bucket: this.#bucket, Key: key }),
      { abortSignal: signal },
    );
    return (await object.Body?.transformToString('utf-8')) ?? '';
  }

  async copyToLocal(
    key: string,
    directory: string,
    signal?: AbortSignal,
  ): Promise<LocalCopy> {
    const object = await this.#client.send(
      new GetObjectCommand({ Bucket: this.#bucket, Key: key }),
      { abortSignal: signal },
    );
    if (!object.Body) {
      throw new Error(`${this.displayName}/${key} has no body`);
    }
    return downloadToFile({
      key,
      directory,
      body: object.Body as Readable,
      signal,
    });
  }
}
