import type { CostRow } from '@skyforge/plugin-skyforge-node';
import { dayToEpochDay, isValidDay } from '../util/dates';
import { parseNanos, storableNanos } from '../util/money';
import { NanoSum } from '../util/NanoSum';
import { detachString } from '../util/detachString';
import {
  CostDimensions,
  DailyCostColumns,
  dailyCostColumns,
} from './CostStore';
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
  epochDay: number;
  /** The run's number of the dimension set. */
  dimensions: number;
  amount: NanoSum;
  billed: NanoSum;
  rowCount: number;
}

/**
 * Dimension sets remembered between days; beyond it the cache starts again (a set seen again
 * then gets a new number and is handed over again, and the store finds it stored).
 */
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
  /** The run's numbers of the dimension sets by their key (all but the day). */
  readonly #dimensionNumbers = new Map<string, number>();
  /** Dimension sets numbered since the last drain. */
  #newDimensions: CostDimensions[] = [];
  #nextNumber = 0;

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
        epochDay: epochDayOf(row.date),
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

  /** The run's number of the row's dimension set, numbering a new one. */
  #dimensionsOf(
    row: CostRow,
    tagSet: SerialTagSet,
    dimensionsKey: string,
  ): number {
    let number = this.#dimensionNumbers.get(dimensionsKey);
    if (number === undefined) {
      number = this.#nextNumber++;
      this.#newDimensions.push(costDimensions({ ...row, tagSet }));
      if (this.#dimensionNumbers.size >= MAX_CACHED_DIMENSIONS) {
        this.#dimensionNumbers.clear();
      }
      this.#dimensionNumbers.set(detachString(dimensionsKey), number);
    }
    return number;
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

  /**
   * Returns the aggregates gathered since the last drain, with the dimension sets numbered since,
   * and forgets them. Throws when a sum is beyond the store's 64-bit columns.
   */
  drain(): DailyCostColumns {
    const columns = dailyCostColumns(
      this.#aggregates.size,
      this.#newDimensions,
    );
    let i = 0;
    for (const aggregate of this.#aggregates.values()) {
      columns.epochDays[i] = aggregate.epochDay;
      columns.dimensions[i] = aggregate.dimensions;
      columns.amountNanos[i] = storableNanos(aggregate.amount.value);
      columns.billedNanos[i] = storableNanos(aggregate.billed.value);
      columns.rowCounts[i] = aggregate.rowCount;
      i++;
    }
    this.#aggregates.clear();
    this.#newDimensions = [];
    return columns;
  }
}

/** The stored day of a row's date; throws for a date that is not a calendar day. */
function epochDayOf(day: string): number {
  if (!isValidDay(day)) {
    throw new Error(
      `Invalid cost row date '${day}': expected a calendar day as YYYY-MM-DD`,
    );
  }
  return dayToEpochDay(day);
}
