import path from 'node:path';

/** Where a `focus` source reads, split into its store and the keys within. */
export type FocusLocation =
  | { store: 'local'; prefix: string; pattern?: string }
  | { store: 's3' | 'gs'; bucket: string; prefix: string; pattern?: string }
  | {
      store: 'azure';
      account: string;
      container: string;
      prefix: string;
      pattern?: string;
    }
  | { store: 'url'; url: string };

const GLOB_CHARACTERS = /[*?[\]{}]/;
const AZURE_BLOB_HOST = /^([a-z0-9]+)\.blob\.core\.windows\.net$/i;

/**
 * The fixed part of a key pattern (every segment before the first one with glob characters) and
 * the pattern itself, or just the prefix when there is no glob.
 */
function splitGlob(key: string): { prefix: string; pattern?: string } {
  if (!GLOB_CHARACTERS.test(key)) {
    return { prefix: key };
  }
  const segments = key.split('/');
  const firstGlob = segments.findIndex(segment =>
    GLOB_CHARACTERS.test(segment),
  );
  const fixed = segments.slice(0, firstGlob).join('/');
  return { prefix: fixed === '' ? '' : `${fixed}/`, pattern: key };
}

function bucketAndKey(rest: string, location: string, what: string) {
  const slash = rest.indexOf('/');
  const bucket = slash === -1 ? rest : rest.slice(0, slash);
  if (!bucket) {
    throw new Error(`FOCUS location '${location}' names no ${what}`);
  }
  return { bucket, key: slash === -1 ? '' : rest.slice(slash + 1) };
}

/**
 * Parses a `focus` location:
 *
 * - a local file, folder or glob; relative paths resolve against `workingDirectory`;
 * - `s3://bucket/prefix` and `gs://bucket/prefix`;
 * - `azure://account/container/prefix` or `https://account.blob.core.windows.net/container/prefix`;
 * - any other `http(s)://` URL: one file, read through Backstage's URL reader.
 *
 * Object-store locations may end in a glob (`s3://b/exports/**\/*.parquet`). Credentials never
 * belong in a location (locations appear in logs and errors): a query string is refused.
 */
export function parseFocusLocation(
  location: string,
  workingDirectory: string,
): FocusLocation {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i
    .exec(location)?.[1]
    ?.toLowerCase();
  if (scheme === undefined) {
    const absolute = path.resolve(workingDirectory, location);
    return { store: 'local', ...splitGlob(absolute.split(path.sep).join('/')) };
  }
  if (location.includes('?')) {
    throw new Error(
      `FOCUS location '${location.replace(
        /\?.*$/,
        '?…',
      )}' must not carry a query string: locations are logged, so put SAS tokens and keys in the source's options`,
    );
  }
  const rest = location.slice(scheme.length + 3);
  if (scheme === 's3' || scheme === 'gs') {
    const { bucket, key } = bucketAndKey(rest, location, 'bucket');
    return { store: scheme, bucket, ...splitGlob(key) };
  }
  if (scheme === 'azure') {
    const { bucket: account, key } = bucketAndKey(rest, location, 'account');
    const { bucket: container, key: blobKey } = bucketAndKey(
      key,
      location,
      'container',
    );
    return { store: 'azure', account, container, ...splitGlob(blobKey) };
  }
  if (scheme === 'http' || scheme === 'https') {
    const url = new URL(location);
    const azure = AZURE_BLOB_HOST.exec(url.hostname);
    if (azure) {
      const { bucket: container, key } = bucketAndKey(
        decodeURIComponent(url.pathname.slice(1)),
        location,
        'container',
      );
      return {
        store: 'azure',
        account: azure[1],
        container,
        ...splitGlob(key),
      };
    }
    return { store: 'url', url: location };
  }
  throw new Error(
    `FOCUS location '${location}' has the unsupported scheme '${scheme}://'; use a local path, s3://, gs://, azure:// or https://`,
  );
}
