import type { Config } from '@backstage/config';

/** One group-by of a billing API query: a tag key, or one of the API's dimensions. */
export type Grouping = { type: 'tag' | 'dimension'; key: string };

/**
 * Parses `groupBy` entries: `tag:<key>` (or a bare tag key) and `dimension:<name>`. Billing query
 * APIs take at most `max` groupings per request (Cost Explorer and Cost Management: two).
 */
export function parseGroupings(
  entries: string[],
  options: { max: number; dimensions: readonly string[]; source: string },
): Grouping[] {
  if (entries.length === 0 || entries.length > options.max) {
    throw new Error(
      `options.groupBy of cost source '${options.source}' must list 1 to ${options.max} groupings (the API's limit), got ${entries.length}`,
    );
  }
  return entries.map(entry => {
    const [prefix, ...rest] = entry.split(':');
    if (rest.length === 0) {
      return { type: 'tag', key: entry.trim() };
    }
    const key = rest.join(':').trim();
    if (prefix === 'tag' && key) {
      return { type: 'tag', key };
    }
    if (prefix === 'dimension' && options.dimensions.includes(key)) {
      return { type: 'dimension', key };
    }
    throw new Error(
      `Invalid options.groupBy entry '${entry}' of cost source '${
        options.source
      }': use tag:<key> or dimension:<${options.dimensions.join('|')}>`,
    );
  });
}

/** An optional `{ key: value }` map of strings under `key`. */
export function readStringMap(
  config: Config,
  key: string,
): Record<string, string> {
  const map = config.getOptionalConfig(key);
  const values: Record<string, string> = {};
  for (const name of map?.keys() ?? []) {
    values[name] = map!.getString(name);
  }
  return values;
}
