import type { CostIngestWindow, CostRow } from '@skyforge/plugin-skyforge-node';
import type {
  CostGroupBy,
  CostSourceStatus,
} from '@skyforge/plugin-skyforge-common';
import type { CostSelector } from '../attribution/costSelector';

/** What one replacement of a source's data did. */
export interface CostIngestSummary {
  rowsRead: number;
  rowsStored: number;
  /** Rows whose date fell outside the window (dropped). */
  rowsOutsideWindow: number;
  /** Rows whose amount was not a number (dropped). */
  rowsInvalid: number;
  /** Daily aggregates written. */
  aggregatesWritten: number;
  /** The latest day the source holds data for, after the replacement. */
  dataThrough?: string;
}

/** What a daily aggregate is summed by, besides the day; shared by the aggregates of many days. */
export interface CostDimensions {
  /** Canonical JSON of the sorted, trimmed tag pairs; identifies the tag set. */
  tagSetKey: string;
  tags: Record<string, string>;
  /** Identifies the dimensions in the database, across runs (a hash of all of them). */
  rowKey: string;
  currency: string;
  provider?: string;
  service?: string;
  serviceCategory?: string;
  region?: string;
  subAccount?: string;
  environment?: string;
}

/**
 * Daily sums in columns, as a source that sums its records itself hands them over: row `i` is
 * the sum of day `epochDays[i]` (days since 1970-01-01, UTC: how the store keys it) and the run's
 * dimension set number `dimensions[i]`.
 * A run numbers its dimension sets from 0 in the order its batches bring them in
 * `newDimensions`; a batch may bring dimension sets and no rows. Typed columns instead of an
 * object per row: a run hands over hundreds of thousands of rows, and a batch is five buffers
 * rather than values and bigints for the garbage collector to trace (see `dailyCostColumns`).
 */
export interface DailyCostColumns {
  newDimensions: CostDimensions[];
  epochDays: Int32Array;
  dimensions: Int32Array;
  /** Sums in nano-units; the store's 64-bit columns hold them (see `storableNanos`). */
  amountNanos: BigInt64Array;
  billedNanos: BigInt64Array;
  /** Source records summed. */
  rowCounts: Float64Array;
}

/** A batch of `rows` zeroed rows to be filled, with `newDimensions`. */
export function dailyCostColumns(
  rows = 0,
  newDimensions: CostDimensions[] = [],
): DailyCostColumns {
  return {
    newDimensions,
    epochDays: new Int32Array(rows),
    dimensions: new Int32Array(rows),
    amountNanos: new BigInt64Array(rows),
    billedNanos: new BigInt64Array(rows),
    rowCounts: new Float64Array(rows),
  };
}

/**
 * Rows that a source's own rows replace: rows of every other source matching any selector count
 * for nothing (see `CostSource.replaces`).
 */
export interface ReplacedRows {
  bySourceId: string;
  selectors: CostSelector[];
}

/** Which rows a query covers: inclusive days, rows matching any selector (each row once). */
export interface CostQuery {
  from: string;
  to: string;
  /** Rows matching at least one selector; undefined means every row. */
  selectors?: CostSelector[];
  /** Rows matching none of these selectors. */
  excludeSelectors?: CostSelector[];
  /** Rows left out because another source replaces them. */
  replaced?: ReplacedRows[];
}

export interface DailyCostTotal {
  day: string;
  currency: string;
  amountNanos: bigint;
}

export interface CostBreakdownTotal {
  /** The dimension's value; undefined when the rows do not carry it. */
  key?: string;
  currency: string;
  amountNanos: bigint;
}

/** Storage of ingested cost data and of the sources' ingestion status. */
export interface CostStore {
  /**
   * Replaces, in one transaction, everything the source stored for the window with the given
   * rows. If reading the rows throws, nothing changes.
   */
  replaceSourceRows(options: {
    sourceId: string;
    window: CostIngestWindow;
    rows: AsyncIterable<CostRow | CostRow[]>;
  }): Promise<CostIngestSummary>;

  /**
   * {@link CostStore.replaceSourceRows} for a source that sums its records itself: each
   * (day, dimension set) comes at most once in the whole run, so the sums are written as they
   * are, without merging (a repeated one fails the run).
   */
  replaceSourceAggregates(options: {
    sourceId: string;
    window: CostIngestWindow;
    aggregates: AsyncIterable<DailyCostColumns>;
  }): Promise<CostIngestSummary>;

  recordAttempt(options: {
    sourceId: string;
    type: string;
    at: Date;
  }): Promise<void>;
  recordSuccess(options: {
    sourceId: string;
    at: Date;
    dataThrough?: string;
    rowsIngested: number;
  }): Promise<void>;
  recordFailure(options: {
    sourceId: string;
    at: Date;
    error: string;
  }): Promise<void>;
  listSourceStatuses(): Promise<CostSourceStatus[]>;
  /**
   * Deletes the data and status of every source not in `keepSourceIds` (removed from config);
   * returns their ids and how many daily aggregates went.
   */
  pruneSources(options: {
    keepSourceIds: string[];
  }): Promise<{ sourceIds: string[]; aggregatesDeleted: number }>;

  /** The latest day any source holds data for. */
  getLatestDay(): Promise<string | undefined>;
  getDailyTotals(query: CostQuery): Promise<DailyCostTotal[]>;
  getBreakdown(
    query: CostQuery & { groupBy: CostGroupBy },
  ): Promise<CostBreakdownTotal[]>;
  getTotals(
    query: CostQuery,
  ): Promise<Array<{ currency: string; amountNanos: bigint }>>;
}
