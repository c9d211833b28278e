import { hash } from 'node:crypto';
import { normalizeTagKey } from '../attribution/costSelector';
import { detachString } from '../util/detachString';
import type { CostDimensions } from './CostStore';

/** Longest tag value kept for matching; cloud providers allow at most 256 characters. */
export const MAX_TAG_VALUE_LENGTH = 512;
const ENVIRONMENT_KEYS = ['environment', 'env'];
const SEPARATOR = '\u0001';

/** A set of tags in its stored form. */
export interface CanonicalTagSet {
  /** Canonical JSON of the sorted, trimmed tag pairs; identifies the tag set. */
  tagSetKey: string;
  tags: Record<string, string>;
  /** The first non-empty `environment` or `env` tag (keys compared normalised). */
  environment?: string;
}

function comparePairs(a: [string, string], b: [string, string]): number {
  if (a[0] !== b[0]) {
    return a[0] < b[0] ? -1 : 1;
  }
  if (a[1] === b[1]) {
    return 0;
  }
  return a[1] < b[1] ? -1 : 1;
}

/**
 * Tags in their stored form: keys trimmed (empty keys dropped), values trimmed and cut to
 * {@link MAX_TAG_VALUE_LENGTH}, pairs sorted, so that the same tags written differently are
 * one tag set.
 */
export function canonicalTagSet(
  tags: Readonly<Record<string, string>>,
): CanonicalTagSet {
  const pairs: Array<[string, string]> = [];
  let environment: string | undefined;
  for (const [rawKey, rawValue] of Object.entries(tags)) {
    const key = rawKey.trim();
    const value = String(rawValue).trim().slice(0, MAX_TAG_VALUE_LENGTH);
    if (key === '') {
      continue;
    }
    pairs.push([key, value]);
    if (
      environment === undefined &&
      ENVIRONMENT_KEYS.includes(normalizeTagKey(key)) &&
      value
    ) {
      environment = value;
    }
  }
  pairs.sort(comparePairs);
  return {
    tagSetKey: JSON.stringify(pairs),
    tags: Object.fromEntries(pairs),
    environment,
  };
}

function detachOptional(text: string | undefined): string | undefined {
  return text === undefined ? undefined : detachString(text);
}

/**
 * The dimensions of a daily aggregate and its row key, which identifies them in the database
 * across runs. Values are copied: sources often cut them from large texts they would keep alive.
 */
export function costDimensions(options: {
  tagSet: CanonicalTagSet;
  currency: string;
  provider?: string;
  service?: string;
  serviceCategory?: string;
  region?: string;
  subAccount?: string;
}): CostDimensions {
  const { tagSet } = options;
  const rowKey = hash(
    'sha256',
    [
      tagSet.tagSetKey,
      options.currency,
      options.provider ?? '',
      options.service ?? '',
      options.serviceCategory ?? '',
      options.region ?? '',
      options.subAccount ?? '',
      tagSet.environment ?? '',
    ].join(SEPARATOR),
    'base64url',
  );
  return {
    tagSetKey: tagSet.tagSetKey,
    tags: tagSet.tags,
    rowKey,
    currency: detachString(options.currency),
    provider: detachOptional(options.provider),
    service: detachOptional(options.service),
    serviceCategory: detachOptional(options.serviceCategory),
    region: detachOptional(options.region),
    subAccount: detachOptional(options.subAccount),
    environment: tagSet.environment,
  };
}
