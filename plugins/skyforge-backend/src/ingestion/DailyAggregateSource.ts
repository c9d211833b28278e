import type {
  CostIngestOptions,
  CostSource,
} from '@skyforge/plugin-skyforge-node';
import type { DailyCostColumns } from '../database/CostStore';

/**
 * A cost source that sums its records per day and dimensions itself, faster than the store
 * could (FOCUS files, summed by DuckDB). The ingester stores its aggregates as they are.
 */
export interface DailyAggregateSource extends CostSource {
  /**
   * The window's daily sums, each (day, dimension set) at most once in the whole run; the same
   * data as `ingest`, summed.
   */
  ingestDailyAggregates(
    options: CostIngestOptions,
  ): AsyncIterable<DailyCostColumns>;
}

export function isDailyAggregateSource(
  source: CostSource,
): source is DailyAggregateSource {
  return (
    typeof (source as Partial<DailyAggregateSource>).ingestDailyAggregates ===
    'function'
  );
}
