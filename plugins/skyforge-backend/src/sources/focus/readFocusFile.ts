import fs from 'node:fs';
import zlib from 'node:zlib';
import type { CostRow } from '@skyforge/plugin-skyforge-node';
import { readCsvRecords } from './readCsvRecords';
import { timestampToUtcDay } from '../../util/dates';

/** FOCUS columns read; the others are ignored. */
const COLUMNS = {
  effectiveCost: 'EffectiveCost',
  billedCost: 'BilledCost',
  chargePeriodStart: 'ChargePeriodStart',
  serviceName: 'ServiceName',
  serviceCategory: 'ServiceCategory',
  providerName: 'ProviderName',
  regionId: 'RegionId',
  subAccountId: 'SubAccountId',
  resourceId: 'ResourceId',
  tags: 'Tags',
  billingCurrency: 'BillingCurrency',
} as const;

type ColumnKey = keyof typeof COLUMNS;
const NO_TAGS: Readonly<Record<string, string>> = Object.freeze({});
const REQUIRED: ColumnKey[] = [
  'effectiveCost',
  'chargePeriodStart',
  'billingCurrency',
];

/** What reading one file found besides the rows. */
export interface FocusFileStats {
  rowsRead: number;
  rowsSkipped: number;
  /** Up to five explanations of skipped rows, with line numbers. */
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
  let index: Record<ColumnKey, number> | undefined;
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
      tagsByText.set(text, tags);
    }
    return tags;
  };

  const skip = (reason: string) => {
    stats.rowsSkipped++;
    if (stats.skipReasons.length < 5) {
      stats.skipReasons.push(`${file} row ${line}: ${reason}`);
    }
  };

  for await (const records of readCsvRecords(input)) {
    const rows: CostRow[] = [];
    for (const record of records) {
      if (!index) {
        index = readHeader(record, file);
        continue;
      }
      line++;
      stats.rowsRead++;
      const row = toCostRow(record, index, tagsOf);
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
  if (!index) {
    throw new Error(`FOCUS file '${file}' is empty`);
  }
}

/** Maps one FOCUS record to a cost row, or explains why it cannot be used. */
function toCostRow(
  record: string[],
  index: Record<ColumnKey, number>,
  tagsOf: (text: string | undefined) => Readonly<Record<string, string>>,
): CostRow | string {
  const get = (key: ColumnKey) => {
    const position = index[key];
    return position === -1 ? undefined : nullable(record[position]);
  };
  const start = get('chargePeriodStart');
  const date = start === undefined ? undefined : timestampToUtcDay(start);
  if (date === undefined) {
    return `ChargePeriodStart '${start ?? 'NULL'}' is not a timestamp`;
  }
  const currency = get('billingCurrency')?.trim().toUpperCase();
  if (!currency) {
    return 'BillingCurrency is empty';
  }
  return {
    date,
    // A NULL EffectiveCost carries no cost; an unparseable one is counted as invalid later.
    amount: get('effectiveCost') ?? '0',
    billedAmount: get('billedCost'),
    currency,
    provider: get('providerName'),
    service: get('serviceName'),
    serviceCategory: get('serviceCategory'),
    region: get('regionId'),
    subAccount: get('subAccountId'),
    resourceId: get('resourceId'),
    tags: tagsOf(get('tags')),
  };
}

function readHeader(header: string[], file: string): Record<ColumnKey, number> {
  const positions = new Map(
    header.map((name, position) => [name.trim().toLowerCase(), position]),
  );
  const index = {} as Record<ColumnKey, number>;
  for (const [key, column] of Object.entries(COLUMNS) as Array<
    [ColumnKey, string]
  >) {
    index[key] = positions.get(column.toLowerCase()) ?? -1;
  }
  const missing = REQUIRED.filter(key => index[key] === -1).map(
    key => COLUMNS[key],
  );
  if (missing.length > 0) {
    throw new Error(
      `FOCUS file '${file}' lacks the column(s) ${missing.join(
        ', ',
      )}; is it a FOCUS 1.x export?`,
    );
  }
  return index;
}
