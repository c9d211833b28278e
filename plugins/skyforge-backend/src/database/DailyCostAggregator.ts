import type { CostRow } from '@skyforge/plugin-skyforge-node';
import { parseNanos } from '../util/money';
import { NanoSum } from '../util/NanoSum';
import { detachString } from '../util/detachString';
import type { CostDimensions, DailyCostAggregate } from './CostStore';
import {
  CanonicalTagSet,
  canonicalTagSet,
  costDimensions,
} from './costDimensions';

interface SerialTagSet extends CanonicalTagSet {
  /** Small number standing for the tag set in aggregation keys. */
  serial: number;
}

interface PendingAggregate {
  day: string;
  dimensions: CostDimensions;
  amount: NanoSum;
  billed: NanoSum;
  rowCount: number;
}

/** Dimension sets remembered between days; beyond it the cache starts again. */
const MAX_CACHED_DIMENSIONS = 100_000;

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
  readonly #tagSets = new WeakMap<object, SerialTagSet>();
  /** Dimensions by their key (all but the day): the same dimensions recur every day. */
  readonly #dimensions = new Map<string, CostDimensions>();

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
      aggregate = {
        day: row.date,
        dimensions: this.#dimensionsOf(row, tagSet, dimensionsKey),
        amount: new NanoSum(),
        billed: new NanoSum(),
        rowCount: 0,
      };
      this.#aggregates.set(key, aggregate);
    }
    aggregate.amount.add(amountNanos);
    if (row.billedAmount !== undefined) {
      aggregate.billed.add(parseNanos(row.billedAmount) ?? 0);
    }
    aggregate.rowCount += row.rowCount ?? 1;
    return true;
  }

  #dimensionsOf(
    row: CostRow,
    tagSet: SerialTagSet,
    dimensionsKey: string,
  ): CostDimensions {
    let dimensions = this.#dimensions.get(dimensionsKey);
    if (dimensions === undefined) {
      dimensions = costDimensions({ ...row, tagSet });
      if (this.#dimensions.size >= MAX_CACHED_DIMENSIONS) {
        this.#dimensions.clear();
      }
      this.#dimensions.set(detachString(dimensionsKey), dimensions);
    }
    return dimensions;
  }

  #tagSet(tags: Record<string, string>): SerialTagSet {
    const cached = this.#tagSets.get(tags);
    if (cached) {
      return cached;
    }
    const canonical = canonicalTagSet(tags);
    let serial = this.#serials.get(canonical.tagSetKey);
    if (serial === undefined) {
      serial = this.#serials.size;
      this.#serials.set(canonical.tagSetKey, serial);
    }
    const tagSet = { ...canonical, serial };
    this.#tagSets.set(tags, tagSet);
    return tagSet;
  }

  /** Returns the aggregates gathered since the last drain and forgets them. */
  drain(): DailyCostAggregate[] {
    const aggregates = Array.from(
      this.#aggregates.values(),
      ({ day, dimensions, amount, billed, rowCount }) => ({
        day,
        dimensions,
        amountNanos: amount.value,
        billedNanos: billed.value,
        rowCount,
      }),
    );
    this.#aggregates.clear();
    return aggregates;
  }
}
