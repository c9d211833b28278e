import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { baseName, LocalCopy } from './ObjectStore';

/**
 * Streams a download into `directory` under the key's base name (prefixed with a counter, so two
 * keys with the same name never collide), and returns it as a temporary {@link LocalCopy}.
 */
export async function downloadToFile(options: {
  key: string;
  directory: string;
  body:
    | Readable
    | NodeJS.ReadableStream
    | ReadableStream<Uint8Array>
    | Iterable<Uint8Array>;
  signal?: AbortSignal;
}): Promise<LocalCopy> {
  const target = path.join(
    options.directory,
    `${nextCopyNumber()}-${baseName(options.key)}`,
  );
  let body: Readable;
  if (options.body instanceof Readable) {
    body = options.body;
  } else if ('getReader' in options.body) {
    body = Readable.fromWeb(options.body as never);
  } else {
    body = Readable.from(options.body as Iterable<Uint8Array>);
  }
  try {
    await pipeline(body, fs.createWriteStream(target), {
      signal: options.signal,
    });
  } catch (error) {
    await fs.promises.rm(target, { force: true });
    throw error;
  }
  return {
    path: target,
    release: () => fs.promises.rm(target, { force: true }),
  };
}

let copies = 0;
function nextCopyNumber(): number {
  copies += 1;
  return copies;
}
