import { hash } from 'node:crypto';
import type { CostRow } from '@skyforge/plugin-skyforge-node';
import { parseNanos } from '../util/money';
import { NanoSum } from '../util/NanoSum';
import { detachString } from '../util/detachString';
import { normalizeTagKey } from '../attribution/costSelector';

/** Longest tag value kept for matching; cloud providers allow at most 256 characters. */
export const MAX_TAG_VALUE_LENGTH = 512;
const ENVIRONMENT_KEYS = ['environment', 'env'];
const SEPARATOR = '\u0001';

interface CanonicalTagSet {
  /** Small number standing for the tag set in aggregation keys. */
  serial: number;
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

interface PendingAggregate
  extends Omit<DailyCostAggregate, 'amountNanos' | 'billedNanos'> {
  amount: NanoSum;
  billed: NanoSum;
}

/**
 * Sums cost rows into daily aggregates per (day, tag set, currency, provider, service, service
 * category, region, sub-account, environment). Resource ids are dropped here: no query needs
 * them, and keeping them would multiply the stored rows. Drain it regularly to bound memory.
 */
export class DailyCostAggregator {
  readonly #aggregates = new Map<string, PendingAggregate>();
  /** Serial numbers of the canonical tag sets seen, by tag-set key. */
  readonly #serials = new Map<string, number>();
  /** Sources often share one tags object between rows; canonicalise each object once. */
  readonly #tagSets = new WeakMap<object, CanonicalTagSet>();
  /** Row keys by dimensions (all but the day): the same dimensions recur every day. */
  readonly #rowKeys = new Map<string, string>();

  get size(): number {
    return this.#aggregates.size;
  }

  /** Adds a row; returns false (and adds nothing) when its amount is not a number. */
  add(row: CostRow): boolean {
    const amountNanos = parseNanos(row.amount);
    if (amountNanos === undefined) {
      return false;
    }
    const tagSet = this.#tagSet(row.tags);
    const dimensionsKey = `${tagSet.serial}\u0001${row.currency}\u0001${
      row.provider ?? ''
    }\u0001${row.service ?? ''}\u0001${row.serviceCategory ?? ''}\u0001${
      row.region ?? ''
    }\u0001${row.subAccount ?? ''}`;
    const key = `${row.date}\u0001${dimensionsKey}`;
    let aggregate = this.#aggregates.get(key);
    if (aggregate === undefined) {
      aggregate = this.#create(row, tagSet, dimensionsKey);
      this.#aggregates.set(key, aggregate);
    }
    aggregate.amount.add(amountNanos);
    if (row.billedAmount !== undefined) {
      aggregate.billed.add(parseNanos(row.billedAmount) ?? 0);
    }
    aggregate.rowCount += row.rowCount ?? 1;
    return true;
  }

  #create(
    row: CostRow,
    tagSet: CanonicalTagSet,
    dimensionsKey: string,
  ): PendingAggregate {
    const { tagSetKey, environment } = tagSet;
    let rowKey = this.#rowKeys.get(dimensionsKey);
    if (rowKey === undefined) {
      // The row key identifies the aggregate's dimensions in the database, across runs.
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
      rowKey = hash('sha256', dimensions, 'base64url');
      if (this.#rowKeys.size >= 100_000) {
        this.#rowKeys.clear();
      }
      this.#rowKeys.set(detachString(dimensionsKey), rowKey);
    }
    return {
      day: row.date,
      tagSetKey,
      tags: tagSet.tags,
      rowKey,
      // Detached: sources often cut these values from large texts, which they would keep alive.
      currency: detachString(row.currency),
      provider: detachOptional(row.provider),
      service: detachOptional(row.service),
      serviceCategory: detachOptional(row.serviceCategory),
      region: detachOptional(row.region),
      subAccount: detachOptional(row.subAccount),
      environment,
      amount: new NanoSum(),
      billed: new NanoSum(),
      rowCount: 0,
    };
  }

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
    const tagSetKey = JSON.stringify(pairs);
    let serial = this.#serials.get(tagSetKey);
    if (serial === undefined) {
      serial = this.#serials.size;
      this.#serials.set(tagSetKey, serial);
    }
    const tagSet = {
      serial,
      tagSetKey,
      tags: Object.fromEntries(pairs),
      environment,
    };
    this.#tagSets.set(tags, tagSet);
    return tagSet;
  }

  /** Returns the aggregates gathered since the last drain and forgets them. */
  drain(): DailyCostAggregate[] {
    const aggregates = Array.from(
      this.#aggregates.values(),
      ({ amount, billed, ...aggregate }) => ({
        ...aggregate,
        amountNanos: amount.value,
        billedNanos: billed.value,
      }),
    );
    this.#aggregates.clear();
    return aggregates;
  }
}

function detachOptional(text: string | undefined): string | undefined {
  return text === undefined ? undefined : detachString(text);
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
