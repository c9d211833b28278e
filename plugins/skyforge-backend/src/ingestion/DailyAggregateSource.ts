import type {
  CostIngestOptions,
  CostSource,
} from '@skyforge/plugin-skyforge-node';
import type { DailyCostAggregate } from '../database/CostStore';

/**
 * A cost source that sums its records per day and dimensions itself, faster than the store
 * could (FOCUS files, summed by DuckDB). The ingester stores its aggregates as they are.
 */
export interface DailyAggregateSource extends CostSource {
  /**
   * The window's daily aggregates, each (day, row key) at most once in the whole run; the same
   * data as `ingest`, summed.
   */
  ingestDailyAggregates(
    options: CostIngestOptions,
  ): AsyncIterable<DailyCostAggregate[]>;
}

export function isDailyAggregateSource(
  source: CostSource,
): source is DailyAggregateSource {
  return (
    typeof (source as Partial<DailyAggregateSource>).ingestDailyAggregates ===
    'function'
  );
}
