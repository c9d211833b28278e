import os from 'node:os';
import { DuckDBInstance } from '@duckdb/node-api';

/**
 * The peer: DuckDB's own aggregation of the same file, as one would write it by hand — the
 * reader's defaults (type sniffing for CSV), the same grouping (UTC day × currency × provider ×
 * service × category × region × sub-account × tags) and every group read back into JavaScript.
 * Same thread count as the backend's reader.
 */
export async function duckdbAggregation(
  file: string,
): Promise<{ rows: number; groups: number }> {
  const instance = await DuckDBInstance.create(':memory:', {
    threads: String(Math.min(4, os.availableParallelism())),
  });
  const connection = await instance.connect();
  try {
    const reader = file.endsWith('.parquet')
      ? `read_parquet('${file}')`
      : `read_csv('${file}')`;
    const result = await connection.runAndReadAll(`
      SELECT CAST(ChargePeriodStart AS DATE) AS day, BillingCurrency, ProviderName, ServiceName,
        ServiceCategory, RegionId, SubAccountId, Tags,
        sum(EffectiveCost) AS amount, sum(BilledCost) AS billed, count(*) AS row_count
      FROM ${reader}
      GROUP BY ALL`);
    const groups = result.getRows();
    return {
      rows: groups.reduce((sum, group) => sum + Number(group[10]), 0),
      groups: groups.length,
    };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
