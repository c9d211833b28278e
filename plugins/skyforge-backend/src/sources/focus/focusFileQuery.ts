/** File formats the FOCUS reader understands, by file name. */
export type FocusFileFormat = 'csv' | 'parquet';

/** `.csv`, `.csv.gz` (any `.gz` is taken as gzip CSV) or `.parquet`; undefined for other names. */
export function focusFileFormat(name: string): FocusFileFormat | undefined {
  if (/\.parquet$/i.test(name)) {
    return 'parquet';
  }
  if (/\.csv(\.gz)?$/i.test(name)) {
    return 'csv';
  }
  return undefined;
}

/** A column as DuckDB describes it (for CSV: as the reader is told to type it). */
export interface FocusColumn {
  name: string;
  type: string;
}

const REQUIRED = ['EffectiveCost', 'ChargePeriodStart', 'BillingCurrency'];
const DIMENSIONS = [
  'BillingCurrency',
  'ProviderName',
  'ServiceName',
  'ServiceCategory',
  'RegionId',
  'SubAccountId',
];

/**
 * Separates the fields of a group's record. One text per group crosses from DuckDB to
 * JavaScript: converting one string is about four times cheaper than eleven typed values.
 */
export const FIELD_SEPARATOR = '\u001f';

/** The fields of each aggregated group's record, in order. */
export const GROUP_FIELDS = [
  'day',
  'currency',
  'provider',
  'service',
  'service_category',
  'region',
  'sub_account',
  'amount',
  'billed',
  'row_count',
  // Last: the text a tag value could (absurdly) share the separator with.
  'tags',
] as const;

/** Single-quoted SQL text. */
export function sqlText(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function identifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The cost columns, whose values may need the wide decimal type. */
export const COST_COLUMNS = ['effectivecost', 'billedcost'];

/**
 * How a CSV column is read: costs as decimals with 9 places (exact nano-units, rounded half away
 * from zero like `parseAmountNanos`), the charge period as a timestamp, everything else as text.
 *
 * Costs are DECIMAL(18,9) — 64-bit, a third of the work of DECIMAL(38,9) — unless `wideCosts`:
 * rows of a billion currency units or more are rejected by the narrow type and re-read with the
 * wide one. Zone-less and `Z` timestamps are UTC (FOCUS requires UTC); only files whose first
 * records carry offsets such as `+02:00` pay for the slower zone-aware parser.
 */
export function focusCsvColumns(
  header: string[],
  options: { timestampsWithOffsets: boolean; wideCosts?: boolean },
): FocusColumn[] {
  const cost = options.wideCosts ? 'DECIMAL(38,9)' : 'DECIMAL(18,9)';
  const typed: Record<string, string> = {
    chargeperiodstart: options.timestampsWithOffsets
      ? 'TIMESTAMPTZ'
      : 'TIMESTAMP',
    effectivecost: cost,
    billedcost: cost,
  };
  return header.map(name => ({
    name,
    type: typed[name.trim().toLowerCase()] ?? 'VARCHAR',
  }));
}

/**
 * The table function that reads one local file. CSV is read without type sniffing (the columns
 * are known from the header), `NULL` being the null marker FOCUS exports use; records DuckDB
 * cannot parse (a malformed line, a cost that is not a number) are skipped and stored in
 * `rejectsTable` for the log.
 */
export function focusFileReader(options: {
  path: string;
  format: FocusFileFormat;
  columns?: FocusColumn[];
  rejectsTable: string;
}): string {
  const { path, format, columns = [], rejectsTable } = options;
  if (format === 'parquet') {
    return `read_parquet(${sqlText(path)})`;
  }
  const types = columns
    .map(column => `${sqlText(column.name)}: ${sqlText(column.type)}`)
    .join(', ');
  return [
    `read_csv(${sqlText(path)}`,
    `header = true`,
    `auto_detect = false`,
    // 8 MiB read buffers (default 32 MiB per thread): memory DuckDB cannot spill.
    `buffer_size = 8388608`,
    `delim = ','`,
    `quote = '"'`,
    `escape = '"'`,
    `nullstr = 'NULL'`,
    `columns = {${types}}`,
    `ignore_errors = true`,
    `store_rejects = true`,
    `rejects_table = ${sqlText(rejectsTable)}`,
    `rejects_scan = ${sqlText(`${rejectsTable}_scan`)})`,
  ].join(', ');
}

const EXACT_NUMBER = /^(DECIMAL|NUMERIC|(U)?(TINY|SMALL|BIG|HUGE)?INT(EGER)?)/i;

/**
 * A cost as an exact decimal. Decimal and integer columns are summed as they are: DuckDB's sums
 * of decimals are exact, and the group's sum is rounded to nano-units once (casting each value
 * of a 128-bit decimal to 9 places costs DuckDB as much as reading the file). Floating-point and
 * text costs are rounded to 9 decimals per row (half away from zero, as `parseAmountNanos`),
 * 64-bit unless `wide`: a file with a cost of a billion or more overflows them and is read again
 * with `wide`.
 */
function amountExpression(
  column: FocusColumn | undefined,
  wide: boolean,
): string {
  const nineDecimals = wide ? 'DECIMAL(38,9)' : 'DECIMAL(18,9)';
  if (!column) {
    return `NULL::${nineDecimals}`;
  }
  const name = identifier(column.name);
  if (EXACT_NUMBER.test(column.type)) {
    return name;
  }
  return /^(DOUBLE|FLOAT|REAL)/i.test(column.type)
    ? `CAST(${name} AS ${nineDecimals})`
    : `CAST(NULLIF(trim(CAST(${name} AS VARCHAR)), '') AS ${nineDecimals})`;
}

/** The UTC day of the charge period's start (the session runs in UTC). */
function dayExpression(column: FocusColumn): string {
  const name = identifier(column.name);
  if (/^DATE$/i.test(column.type)) {
    return name;
  }
  return /^TIMESTAMP/i.test(column.type)
    ? `CAST(${name} AS DATE)`
    : `CAST(TRY_CAST(NULLIF(trim(CAST(${name} AS VARCHAR)), '') AS TIMESTAMPTZ) AS DATE)`;
}

function textExpression(column: FocusColumn | undefined): string {
  if (!column) {
    return 'NULL::VARCHAR';
  }
  const name = identifier(column.name);
  return column.type === 'VARCHAR' ? name : `CAST(${name} AS VARCHAR)`;
}

/** Whether Tags is a map or struct (Parquet) rather than JSON text. */
function nestedTags(column: FocusColumn | undefined): boolean {
  return Boolean(column && /^(MAP|STRUCT)/i.test(column.type));
}

/**
 * The query that sums one FOCUS file per UTC day, currency, provider, service, service category,
 * region, sub-account and tags text, one record per group: {@link GROUP_FIELDS} joined by
 * {@link FIELD_SEPARATOR}, empty for absent values. It is what one would write by hand;
 * values are cleaned up per group afterwards, where there are few. Columns are matched
 * case-insensitively; it throws when a required column is missing.
 */
export function focusAggregationQuery(options: {
  reader: string;
  columns: FocusColumn[];
  file: string;
  wideCosts?: boolean;
}): string {
  const byName = new Map(
    options.columns.map(column => [column.name.trim().toLowerCase(), column]),
  );
  const column = (name: string) => byName.get(name.toLowerCase());
  const missing = REQUIRED.filter(name => !column(name));
  if (missing.length > 0) {
    throw new Error(
      `FOCUS file '${options.file}' lacks the column(s) ${missing.join(
        ', ',
      )}; is it a FOCUS 1.x export?`,
    );
  }
  const wide = options.wideCosts ?? false;
  const tags = column('Tags');
  // Maps and structs are grouped as they are and turned into JSON once per group.
  const keys = [
    dayExpression(column('ChargePeriodStart')!),
    ...DIMENSIONS.map(name => textExpression(column(name))),
    nestedTags(tags) ? identifier(tags!.name) : textExpression(tags),
  ];
  const names = keys.map((_, i) => `k${i}`);
  const tagsName = names[names.length - 1];
  const record = [
    ...names.slice(0, -1),
    'sum(amount)',
    'sum(billed)',
    'count(*)',
    nestedTags(tags) ? `to_json(${tagsName})` : tagsName,
  ]
    .map(value => `coalesce(CAST(${value} AS VARCHAR), '')`)
    .join(', ');
  return `
    SELECT concat_ws(chr(31), ${record}) AS record
    FROM (
      SELECT ${keys.map((key, i) => `${key} AS ${names[i]}`).join(', ')},
        ${amountExpression(column('EffectiveCost'), wide)} AS amount,
        ${amountExpression(column('BilledCost'), wide)} AS billed
      FROM ${options.reader}
    )
    GROUP BY ${names.join(', ')}`;
}
