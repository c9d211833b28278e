import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CreateBucketCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  BlobServiceClient,
  StorageSharedKeyCredential,
} from '@azure/storage-blob';

/** A running emulator: where it listens and how to stop it. */
interface Emulator {
  stop(): Promise<void>;
}

export interface S3Emulator extends Emulator {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  put(bucket: string, key: string, body: Buffer | string): Promise<void>;
}

/**
 * s3rver: a real S3 protocol server (REST, XML listings, path-style addressing) on a free
 * loopback port, storing objects in a temporary folder. It accepts the credentials S3RVER/S3RVER.
 */
export async function startS3Emulator(buckets: string[]): Promise<S3Emulator> {
  // s3rver ships no types.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const S3rver = require('s3rver') as new (options: object) => {
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
  };
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'skyforge-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    // s3rver predates the SDK's default CRC32 trailers on uploads.
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  for (const bucket of buckets) {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  }
  return {
    endpoint,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    async put(bucket, key, body) {
      await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }),
      );
    },
    async stop() {
      client.destroy();
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** Azurite's documented development account (public, not a secret). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzureEmulator extends Emulator {
  /** The Blob endpoint including the account, as `options.azure.endpoint` takes it. */
  endpoint: string;
  put(container: string, name: string, body: Buffer | string): Promise<void>;
}

/**
 * Azurite's Blob service (Microsoft's Azure Storage emulator), started as its own process on a
 * free loopback port with in-memory storage.
 */
export async function startAzureEmulator(
  containers: string[],
): Promise<AzureEmulator> {
  const main = require.resolve('azurite/dist/src/blob/main.js');
  const child: ChildProcess = spawn(
    process.execPath,
    [
      main,
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      '0',
      '--inMemoryPersistence',
      '--skipApiVersionCheck',
      '--disableTelemetry',
      '--loose',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const endpoint = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`Azurite did not start: ${output}`)),
      30_000,
    );
    child.stdout!.on('data', chunk => {
      output += chunk;
      const match = /listens on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(`${match[1]}/${AZURITE_ACCOUNT}`);
      }
    });
    child.stderr!.on('data', chunk => {
      output += chunk;
    });
    child.once('exit', code => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited with ${code}: ${output}`));
    });
  });
  const service = new BlobServiceClient(
    endpoint,
    new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY),
  );
  for (const container of containers) {
    await service.getContainerClient(container).create();
  }
  return {
    endpoint,
    async put(container, name, body) {
      const data = typeof body === 'string' ? Buffer.from(body) : body;
      await service
        .getContainerClient(container)
        .getBlockBlobClient(name)
        .upload(data, data.length);
    },
    async stop() {
      await new Promise<void>(resolve => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  };
}
