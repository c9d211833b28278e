import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';

/** One FOCUS record of the test files: the columns Skyforge reads. */
export interface FocusTestRecord {
  ChargePeriodStart: string;
  EffectiveCost: string;
  BilledCost?: string;
  BillingCurrency?: string;
  ProviderName?: string;
  ServiceName?: string;
  RegionId?: string;
  SubAccountId?: string;
  Tags?: Record<string, string>;
}

const HEADER = [
  'BilledCost',
  'BillingCurrency',
  'ChargePeriodStart',
  'EffectiveCost',
  'ProviderName',
  'RegionId',
  'ServiceName',
  'SubAccountId',
  'Tags',
];

function csvField(value: string | undefined): string {
  if (value === undefined) {
    return 'NULL';
  }
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** FOCUS CSV text of the records (`NULL` for absent values, as the FOCUS sample writes). */
export function focusCsv(records: FocusTestRecord[]): string {
  const lines = records.map(record =>
    [
      record.BilledCost ?? record.EffectiveCost,
      record.BillingCurrency ?? 'USD',
      record.ChargePeriodStart,
      record.EffectiveCost,
      record.ProviderName ?? 'AWS',
      record.RegionId,
      record.ServiceName ?? 'Amazon Elastic Compute Cloud',
      record.SubAccountId ?? '123456789012',
      record.Tags ? JSON.stringify(record.Tags) : undefined,
    ]
      .map(csvField)
      .join(','),
  );
  return `${HEADER.join(',')}\n${lines.join('\n')}\n`;
}

/** Writes the records as `.csv`, `.csv.gz` (by the name's extension). */
export function writeFocusCsv(file: string, records: FocusTestRecord[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const text = focusCsv(records);
  fs.writeFileSync(file, file.endsWith('.gz') ? zlib.gzipSync(text) : text);
}

/**
 * Writes the records as Parquet with the typed columns real exports use: DECIMAL(28,10)
 * EffectiveCost, DOUBLE BilledCost, a TIMESTAMP WITH TIME ZONE charge period, and Tags as a
 * MAP(VARCHAR, VARCHAR) (AWS Data Exports) or JSON text (`tags: 'json'`).
 */
export async function writeFocusParquet(
  file: string,
  records: FocusTestRecord[],
  options: { tags: 'map' | 'json' } = { tags: 'map' },
): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const csv = `${file}.source.csv`;
  fs.writeFileSync(csv, focusCsv(records));
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(`SET TimeZone = 'UTC'`);
    const tags =
      options.tags === 'map'
        ? `CAST(json_transform(Tags, '"MAP(VARCHAR, VARCHAR)"') AS MAP(VARCHAR, VARCHAR))`
        : 'Tags';
    await connection.run(`
      COPY (
        SELECT
          CAST(EffectiveCost AS DECIMAL(28,10)) AS EffectiveCost,
          CAST(BilledCost AS DOUBLE) AS BilledCost,
          CAST(ChargePeriodStart AS TIMESTAMPTZ) AS ChargePeriodStart,
          BillingCurrency, ProviderName, RegionId, ServiceName, SubAccountId,
          ${tags} AS Tags
        FROM read_csv('${csv}', header = true, all_varchar = true, nullstr = 'NULL')
      ) TO '${file}' (FORMAT parquet, COMPRESSION zstd)`);
  } finally {
    connection.closeSync();
    instance.closeSync();
    fs.rmSync(csv);
  }
}

/** The records as gzip CSV bytes, as uploaded to a bucket. */
export function focusCsvGzip(records: FocusTestRecord[]): Buffer {
  return zlib.gzipSync(focusCsv(records));
}

/** The records as Parquet bytes (see {@link writeFocusParquet}), as uploaded to a bucket. */
export async function focusParquet(
  records: FocusTestRecord[],
  options: { tags: 'map' | 'json' } = { tags: 'map' },
): Promise<Buffer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skyforge-parquet-'));
  try {
    const file = path.join(dir, 'focus.parquet');
    await writeFocusParquet(file, records, options);
    return fs.readFileSync(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
