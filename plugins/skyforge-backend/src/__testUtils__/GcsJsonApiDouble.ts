import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const CRC32C_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) {
    c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
  }
  return c >>> 0;
});

/** CRC32C (Castagnoli), as GCS reports it in `x-goog-hash`, big-endian, base64. */
function crc32c(data: Buffer): string {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc = CRC32C_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  }
  const value = Buffer.alloc(4);
  value.writeUInt32BE((crc ^ 0xffffffff) >>> 0);
  return value.toString('base64');
}

interface StoredGcsObject {
  data: Buffer;
  updated: string;
}

/**
 * A double of the GCS JSON API endpoints the FOCUS source calls, answering in the format of
 * the API reference (`objects.list` with `nextPageToken`, `objects.get?alt=media` with
 * `x-goog-hash` and `x-goog-stored-content-encoding`), so the real `@google-cloud/storage` client
 * runs against it, paging and checksum validation included. No GCS emulator exists on npm.
 */
export class GcsJsonApiDouble {
  readonly #objects = new Map<string, StoredGcsObject>();
  readonly requests: string[] = [];
  #server?: http.Server;

  constructor(private readonly pageSize = 2) {}

  put(bucket: string, name: string, data: Buffer | string, updated: string) {
    this.#objects.set(`${bucket}/${name}`, {
      data: typeof data === 'string' ? Buffer.from(data) : data,
      updated,
    });
  }

  async start(): Promise<string> {
    this.#server = http.createServer((req, res) => this.#handle(req, res));
    await new Promise<void>(resolve =>
      this.#server!.listen(0, '127.0.0.1', resolve),
    );
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise(resolve => this.#server?.close(resolve));
  }

  #resource(bucket: string, name: string, object: StoredGcsObject) {
    return {
      kind: 'storage#object',
      id: `${bucket}/${name}/1733205600000000`,
      selfLink: `https://www.googleapis.com/storage/v1/b/${bucket}/o/${encodeURIComponent(
        name,
      )}`,
      mediaLink: `https://storage.googleapis.com/download/storage/v1/b/${bucket}/o/${encodeURIComponent(
        name,
      )}?generation=1733205600000000&alt=media`,
      name,
      bucket,
      generation: '1733205600000000',
      metageneration: '1',
      contentType: 'application/octet-stream',
      storageClass: 'STANDARD',
      size: String(object.data.length),
      md5Hash: createHash('md5').update(object.data).digest('base64'),
      crc32c: crc32c(object.data),
      etag: 'CIDo2ovP+IkDEAE=',
      timeCreated: object.updated,
      updated: object.updated,
      timeStorageClassUpdated: object.updated,
    };
  }

  #handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    this.requests.push(`${req.method} ${url.pathname}${url.search}`);
    const list = /^\/storage\/v1\/b\/([^/]+)\/o$/.exec(url.pathname);
    const get = /^\/storage\/v1\/b\/([^/]+)\/o\/(.+)$/.exec(url.pathname);
    if (req.method === 'GET' && list) {
      const bucket = decodeURIComponent(list[1]);
      const prefix = url.searchParams.get('prefix') ?? '';
      const start = Number(url.searchParams.get('pageToken') ?? '0');
      const names = [...this.#objects.keys()]
        .filter(key => key.startsWith(`${bucket}/${prefix}`))
        .sort();
      const page = names.slice(start, start + this.pageSize);
      const body: Record<string, unknown> = {
        kind: 'storage#objects',
        items: page.map(key =>
          this.#resource(
            bucket,
            key.slice(bucket.length + 1),
            this.#objects.get(key)!,
          ),
        ),
      };
      if (start + this.pageSize < names.length) {
        body.nextPageToken = String(start + this.pageSize);
      }
      res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
      res.end(JSON.stringify(body));
      return;
    }
    if (req.method === 'GET' && get) {
      const bucket = decodeURIComponent(get[1]);
      const name = decodeURIComponent(get[2]);
      const object = this.#objects.get(`${bucket}/${name}`);
      if (!object) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: {
              code: 404,
              message: `No such object: ${bucket}/${name}`,
              errors: [
                {
                  message: `No such object: ${bucket}/${name}`,
                  domain: 'global',
                  reason: 'notFound',
                },
              ],
            },
          }),
        );
        return;
      }
      if (url.searchParams.get('alt') === 'media') {
        res.writeHead(200, {
          'content-type': 'application/octet-stream',
          'content-length': String(object.data.length),
          'x-goog-hash': `crc32c=${crc32c(object.data)},md5=${createHash('md5')
            .update(object.data)
            .digest('base64')}`,
          'x-goog-stored-content-encoding': 'identity',
          'x-goog-generation': '1733205600000000',
        });
        res.end(object.data);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(this.#resource(bucket, name, object)));
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 404, message: 'Not Found' } }));
  }
}
