/**
 * Parses the FOCUS `Tags` column as JSON text: an object of tag names and values (CSV exports
 * write it so, and Parquet maps are turned into the same text by the reader). Keys are trimmed
 * (the FOCUS 1.0 sample has a key `" org"`); null values are dropped; other scalar values become
 * strings, nested values their JSON. Anything that is not a JSON object yields no tags.
 */
export function parseFocusTags(
  text: string | undefined | null,
): Record<string, string> {
  const value = text?.trim();
  if (!value || value === 'NULL' || value === '{}') {
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return {};
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return {};
  }
  const tags: Record<string, string> = {};
  for (const [rawKey, rawValue] of Object.entries(parsed)) {
    const key = rawKey.trim();
    if (key === '' || rawValue === null || rawValue === undefined) {
      continue;
    }
    tags[key] =
      typeof rawValue === 'object'
        ? JSON.stringify(rawValue)
        : String(rawValue);
  }
  return tags;
}
