import { sha1 } from '@noble/hashes/legacy';
import { bytesToHex } from '@noble/hashes/utils';

const encoder = new TextEncoder();

/**
 * The Git blob id of a file's content: SHA-1 over `blob <byte length>\0<bytes>`, what
 * `git hash-object` prints and what GitHub's tree API returns for each file. Strings are hashed
 * as UTF-8. Comparing these ids tells whether a file in a repository still holds exactly what
 * the renderer wrote without downloading it.
 *
 * @public
 */
export function gitBlobSha(content: string | Uint8Array): string {
  const bytes = typeof content === 'string' ? encoder.encode(content) : content;
  const header = encoder.encode(`blob ${bytes.length}\0`);
  const data = new Uint8Array(header.length + bytes.length);
  data.set(header, 0);
  data.set(bytes, header.length);
  return bytesToHex(sha1(data));
}
