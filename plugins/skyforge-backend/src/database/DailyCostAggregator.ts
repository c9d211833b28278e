import { createHash } from 'node:crypto';
import type { CostRow } from '@skyforge/plugin-skyforge-node';
import { parseAmountNanos } from '../util/money';
import { normalizeTagKey } from '../attribution/costSelector';

/** Longest tag value kept for matching; cloud providers allow at most 256 characters. */
export const MAX_TAG_VALUE_LENGTH = 512;
const ENVIRONMENT_KEYS = ['environment', 'env'];
const SEPARATOR = '\u0001';

interface CanonicalTagSet {
  tagSetKey: string;
  tags: Record<string, string>;
  environment?: string;
}

/** One daily aggregate, ready to be stored. */
export interface DailyCostAggregate {
  day: string;
  /** Canonical JSON of the sorted, trimmed tag pairs; identifies the tag set. */
  tagSetKey: string;
  tags: Record<string, string>;
  rowKey: string;
  currency: string;
  provider?: string;
  service?: string;
  serviceCategory?: string;
  region?: string;
  subAccount?: string;
  environment?: string;
  amountNanos: bigint;
  billedNanos: bigint;
  rowCount: number;
}

/**
 * Sums cost rows into daily aggregates per (day, tag set, currency, provider, service, service
 * category, region, sub-account, environment). Resource ids are dropped here: no query needs
 * them, and keeping them would multiply the stored rows. Drain it regularly to bound memory.
 */
export class DailyCostAggregator {
  readonly #aggregates = new Map<string, DailyCostAggregate>();
  readonly #rowKeys = new Map<string, string>();

  get size(): number {
    return this.#aggregates.size;
  }

  /** Adds a row; returns false (and adds nothing) when its amount is not a number. */
  add(row: CostRow): boolean {
    const amountNanos = parseAmountNanos(row.amount);
    if (amountNanos === undefined) {
      return false;
    }
    const billedNanos =
      row.billedAmount === undefined
        ? 0n
        : parseAmountNanos(row.billedAmount) ?? 0n;

    const tagSet = this.#tagSet(row.tags);
    const { tagSetKey, environment } = tagSet;
    const dimensions = [
      tagSetKey,
      row.currency,
      row.provider ?? '',
      row.service ?? '',
      row.serviceCategory ?? '',
      row.region ?? '',
      row.subAccount ?? '',
      environment ?? '',
    ].join(SEPARATOR);
    const key = `${row.date}${SEPARATOR}${dimensions}`;

    const existing = this.#aggregates.get(key);
    if (existing) {
      existing.amountNanos += amountNanos;
      existing.billedNanos += billedNanos;
      existing.rowCount++;
      return true;
    }
    let rowKey = this.#rowKeys.get(dimensions);
    if (rowKey === undefined) {
      rowKey = createHash('sha256').update(dimensions).digest('base64url');
      this.#rowKeys.set(dimensions, rowKey);
      if (this.#rowKeys.size > 200_000) {
        this.#rowKeys.clear();
      }
    }
    this.#aggregates.set(key, {
      day: row.date,
      tagSetKey,
      tags: tagSet.tags,
      rowKey,
      currency: row.currency,
      provider: row.provider,
      service: row.service,
      serviceCategory: row.serviceCategory,
      region: row.region,
      subAccount: row.subAccount,
      environment,
      amountNanos,
      billedNanos,
      rowCount: 1,
    });
    return true;
  }

  /** Sources often share one tags object between rows; canonicalise each object once. */
  readonly #tagSets = new WeakMap<object, CanonicalTagSet>();

  #tagSet(tags: Record<string, string>): CanonicalTagSet {
    const cached = this.#tagSets.get(tags);
    if (cached) {
      return cached;
    }
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
    const tagSet = {
      tagSetKey: JSON.stringify(pairs),
      tags: Object.fromEntries(pairs),
      environment,
    };
    this.#tagSets.set(tags, tagSet);
    return tagSet;
  }

  /** Returns the aggregates gathered since the last drain and forgets them. */
  drain(): DailyCostAggregate[] {
    const aggregates = [...this.#aggregates.values()];
    this.#aggregates.clear();
    return aggregates;
  }
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
