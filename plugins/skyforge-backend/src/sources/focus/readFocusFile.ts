import fs from 'node:fs';
import zlib from 'node:zlib';
import type { CostRow } from '@skyforge/plugin-skyforge-node';
import { CsvColumns, readCsvColumns } from './readCsvColumns';
import { timestampToUtcDay } from '../../util/dates';
import { detachString } from '../../util/detachString';

/** FOCUS columns read, in the order of a projected record; the others are ignored. */
const COLUMNS = [
  'EffectiveCost',
  'BilledCost',
  'ChargePeriodStart',
  'ServiceName',
  'ServiceCategory',
  'ProviderName',
  'RegionId',
  'SubAccountId',
  'ResourceId',
  'Tags',
  'BillingCurrency',
] as const;
const [
  EFFECTIVE_COST,
  BILLED_COST,
  CHARGE_PERIOD_START,
  SERVICE_NAME,
  SERVICE_CATEGORY,
  PROVIDER_NAME,
  REGION_ID,
  SUB_ACCOUNT_ID,
  RESOURCE_ID,
  TAGS,
  BILLING_CURRENCY,
] = COLUMNS.keys();
const REQUIRED = new Set<string>([
  'EffectiveCost',
  'ChargePeriodStart',
  'BillingCurrency',
]);
const NO_TAGS: Readonly<Record<string, string>> = Object.freeze({});

/** What reading one file found besides the rows. */
export interface FocusFileStats {
  rowsRead: number;
  rowsSkipped: number;
  /** Up to five explanations of skipped rows, with row numbers (the header is row 1). */
  skipReasons: string[];
}

/** FOCUS writes absent values as empty cells or, in many exports, the literal `NULL`. */
function nullable(value: string | undefined): string | undefined {
  if (value === undefined || value === '' || value === 'NULL') {
    return undefined;
  }
  return value;
}

/**
 * Parses the FOCUS `Tags` column: a JSON object in a string. Keys are trimmed (the FOCUS 1.0
 * sample has a key `" org"`); null values are dropped; other scalar values become strings.
 * Anything that is not a JSON object yields no tags.
 */
export function parseFocusTags(
  text: string | undefined,
): Record<string, string> {
  const value = nullable(text?.trim());
  if (value === undefined || value === '{}') {
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return {};
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return {};
  }
  const tags: Record<string, string> = {};
  for (const [rawKey, rawValue] of Object.entries(parsed)) {
    const key = rawKey.trim();
    if (key === '' || rawValue === null || rawValue === undefined) {
      continue;
    }
    tags[key] =
      typeof rawValue === 'object'
        ? JSON.stringify(rawValue)
        : String(rawValue);
  }
  return tags;
}

function openFile(file: string): NodeJS.ReadableStream {
  const stream = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  return /\.gz$/i.test(file) ? stream.pipe(zlib.createGunzip()) : stream;
}

/**
 * Streams one FOCUS 1.x CSV file (plain or gzip) as normalised cost rows, in batches. Memory
 * stays bounded by one read chunk whatever the file size. Rows without a valid charge period,
 * cost or currency are skipped and counted in `stats`.
 */
export async function* readFocusFile(options: {
  file: string;
  stats: FocusFileStats;
  input?: AsyncIterable<Buffer | string>;
}): AsyncGenerator<CostRow[]> {
  const { file, stats } = options;
  const input =
    options.input ?? (openFile(file) as unknown as AsyncIterable<Buffer>);
  let line = 1;
  // The same Tags text repeats across a resource's hourly rows; parse it once. The objects are
  // frozen because rows share them.
  const tagsByText = new Map<string, Readonly<Record<string, string>>>();
  const tagsOf = (text: string | undefined) => {
    if (text === undefined) {
      return NO_TAGS;
    }
    let tags = tagsByText.get(text);
    if (tags === undefined) {
      tags = Object.freeze(parseFocusTags(text));
      if (tagsByText.size >= 50_000) {
        tagsByText.clear();
      }
      tagsByText.set(detachString(text), tags);
    }
    return tags;
  };

  const skip = (reason: string) => {
    stats.rowsSkipped++;
    if (stats.skipReasons.length < 5) {
      stats.skipReasons.push(`${file} row ${line}: ${reason}`);
    }
  };

  let header = false;
  for await (const records of readCsvColumns(input, names => {
    header = true;
    return selectColumns(names, file);
  })) {
    const rows: CostRow[] = [];
    for (const record of records) {
      line++;
      stats.rowsRead++;
      const row = toCostRow(record, tagsOf);
      if (typeof row === 'string') {
        skip(row);
      } else {
        rows.push(row);
      }
    }
    if (rows.length > 0) {
      yield rows;
    }
  }
  if (!header) {
    throw new Error(`FOCUS file '${file}' is empty`);
  }
}

/** Maps one FOCUS record (the values of {@link COLUMNS}) to a cost row, or explains why not. */
function toCostRow(
  record: CsvColumns,
  tagsOf: (text: string | undefined) => Readonly<Record<string, string>>,
): CostRow | string {
  const start = nullable(record[CHARGE_PERIOD_START]);
  const date = start === undefined ? undefined : timestampToUtcDay(start);
  if (date === undefined) {
    return `ChargePeriodStart '${start ?? 'NULL'}' is not a timestamp`;
  }
  const currency = nullable(record[BILLING_CURRENCY])?.trim().toUpperCase();
  if (!currency) {
    return 'BillingCurrency is empty';
  }
  return {
    date,
    // A NULL EffectiveCost carries no cost; an unparseable one is counted as invalid later.
    amount: nullable(record[EFFECTIVE_COST]) ?? '0',
    billedAmount: nullable(record[BILLED_COST]),
    currency,
    provider: nullable(record[PROVIDER_NAME]),
    service: nullable(record[SERVICE_NAME]),
    serviceCategory: nullable(record[SERVICE_CATEGORY]),
    region: nullable(record[REGION_ID]),
    subAccount: nullable(record[SUB_ACCOUNT_ID]),
    resourceId: nullable(record[RESOURCE_ID]),
    tags: tagsOf(nullable(record[TAGS])),
  };
}

/** The positions of {@link COLUMNS} in a header (matched case-insensitively), -1 when absent. */
function selectColumns(header: string[], file: string): number[] {
  const positions = new Map(
    header.map((name, position) => [name.trim().toLowerCase(), position]),
  );
  const columns = COLUMNS.map(
    column => positions.get(column.toLowerCase()) ?? -1,
  );
  const missing = COLUMNS.filter(
    (column, i) => REQUIRED.has(column) && columns[i] === -1,
  );
  if (missing.length > 0) {
    throw new Error(
      `FOCUS file '${file}' lacks the column(s) ${missing.join(
        ', ',
      )}; is it a FOCUS 1.x export?`,
    );
  }
  return columns;
}
