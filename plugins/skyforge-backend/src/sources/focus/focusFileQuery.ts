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

/** The dimension columns of {@link focusGroupsQuery}'s records, in the order of FOCUS's names. */
export const DIMENSION_COLUMNS = [
  'currency',
  'provider',
  'service',
  'service_category',
  'region',
  'sub_account',
  'tags',
] as const;

/** The options every query over one file's records takes. */
interface FocusRecordsOptions {
  reader: string;
  columns: FocusColumn[];
  file: string;
  wideCosts?: boolean;
}

/** The options of the queries that group by a 64-bit key of the dimensions. */
interface FocusKeyedOptions extends FocusRecordsOptions {
  /** The key of a record's dimensions; {@link dimensionsHash} unless a test forces collisions. */
  keyHash?: DimensionsHash;
}

/**
 * An SQL expression of a 64-bit key (UBIGINT) of the given dimension columns. Two dimension
 * sets may share a key; the queries that group by it detect that (see
 * {@link focusGroupsQuery}, {@link focusSampledGroupsQuery}).
 */
export type DimensionsHash = (columns: readonly string[]) => string;

/** DuckDB's own 64-bit hash of the dimensions. */
export const dimensionsHash: DimensionsHash = columns =>
  `hash(${columns.join(', ')})`;

/**
 * The file's records as `day`, the {@link DIMENSION_COLUMNS}, `amount`, `billed` and `more`.
 * Columns are matched case-insensitively; it throws when a required column is missing.
 */
function focusRecordsQuery(
  options: FocusRecordsOptions,
  more: string[] = [],
): string {
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
  const dimensions = [
    ...DIMENSIONS.map(name => textExpression(column(name))),
    // Maps and structs are grouped as they are; the caller turns them into JSON.
    nestedTags(tags) ? identifier(tags!.name) : textExpression(tags),
  ];
  return `
    SELECT ${dayExpression(column('ChargePeriodStart')!)} AS day,
      ${dimensions
        .map((expression, i) => `${expression} AS ${DIMENSION_COLUMNS[i]}`)
        .join(', ')},
      ${amountExpression(column('EffectiveCost'), wide)} AS amount,
      ${amountExpression(column('BilledCost'), wide)} AS billed
      ${more.map(expression => `, ${expression}`).join('')}
    FROM ${options.reader}`;
}

/** A group's exact decimal sum as integer nano-units, rounded half away from zero once. */
function nanos(sum: string): string {
  return `CAST(CAST(${sum} AS DECIMAL(38,9)) * 1000000000 AS HUGEINT)`;
}

const DIMENSION_NAMES = DIMENSION_COLUMNS.join(', ');

/**
 * The query that sums one FOCUS file per UTC day and dimensions (currency, provider, service,
 * service category, region, sub-account, tags as read) in one pass, as two grouping sets:
 *
 * - `(day, key)`: the sums. `key` stands for the dimensions: a 64-bit hash of them, so the hash
 *   table holds a date and a number per group instead of seven texts (a fraction of the memory
 *   for files of many days), or, with `exactKeys`, the dimensions themselves as a struct.
 * - `(key, dimensions)`: each distinct set of dimensions once with its key, few next to the
 *   groups (the dimensions repeat every day). Two sets sharing a key reveal a hash collision, and
 *   the caller reads the file again with `exactKeys`.
 *
 * `is_dimensions` tells the sets apart. Sums are integer nano-units (each group's exact decimal
 * sum rounded half away from zero once). Columns are matched case-insensitively; it throws when a
 * required column is missing.
 */
export function focusGroupsQuery(
  options: FocusKeyedOptions & { exactKeys?: boolean },
): string {
  const key = options.exactKeys
    ? `struct_pack(${DIMENSION_COLUMNS.map(name => `${name} := ${name}`).join(
        ', ',
      )})`
    : (options.keyHash ?? dimensionsHash)(DIMENSION_COLUMNS);
  return `
    SELECT day, key, ${DIMENSION_NAMES}, GROUPING(day) = 1 AS is_dimensions,
      ${nanos('sum(amount)')} AS amount_nanos,
      ${nanos('sum(billed)')} AS billed_nanos,
      count(*) AS row_count
    FROM (SELECT *, ${key} AS key FROM (${focusRecordsQuery(options)}))
    GROUP BY GROUPING SETS ((day, key), (key, ${DIMENSION_NAMES}))`;
}

/** A Parquet file's reader with each record's position in the file, `file_row_number`. */
export function focusParquetRowsReader(path: string): string {
  return `read_parquet(${sqlText(path)}, file_row_number = true)`;
}

/**
 * For Parquet files, whose records have a position: the sums per `(day, key)` only, where `key`
 * is the 64-bit hash of the dimensions, plus, per group, the position of one of its records
 * (`sample_row`) and the lowest and highest `check` — a second hash of the dimensions, taken in
 * reverse order. Grouping by a number instead of seven texts (a map, for Parquet's Tags) costs
 * DuckDB less than half of grouping by the dimensions; {@link focusSampleDimensionsQuery} then
 * reads each key's dimensions from its sample record. Two dimension sets sharing a key show as
 * a key whose `check` varies, and the caller reads the file again with exact keys.
 * `is_dimensions` is false, as for the sums of {@link focusGroupsQuery}. `reader` must be
 * {@link focusParquetRowsReader}.
 */
export function focusSampledGroupsQuery(options: FocusKeyedOptions): string {
  const check = `hash(${[...DIMENSION_COLUMNS].reverse().join(', ')})`;
  const key = (options.keyHash ?? dimensionsHash)(DIMENSION_COLUMNS);
  return `
    SELECT day, ${key} AS key, false AS is_dimensions,
      min(${check}) AS check_low, max(${check}) AS check_high,
      min(file_row_number) AS sample_row,
      ${nanos('sum(amount)')} AS amount_nanos,
      ${nanos('sum(billed)')} AS billed_nanos,
      count(*) AS row_count
    FROM (${focusRecordsQuery(options, ['file_row_number'])})
    GROUP BY day, key`;
}

/**
 * The dimensions of each key of `groupsTable` (made by {@link focusSampledGroupsQuery}), read
 * from the key's first sample record, numbered by `ordinal`.
 */
export function focusSampleDimensionsQuery(
  options: FocusRecordsOptions & { groupsTable: string },
): string {
  return `
    SELECT row_number() OVER () AS ordinal, samples.key, ${DIMENSION_COLUMNS.map(
      name => `records.${name}`,
    ).join(', ')}
    FROM (${focusRecordsQuery(options, ['file_row_number'])}) records
    JOIN (SELECT key, min(sample_row) AS sample_row FROM ${
      options.groupsTable
    } GROUP BY key) samples
      ON records.file_row_number = samples.sample_row`;
}
