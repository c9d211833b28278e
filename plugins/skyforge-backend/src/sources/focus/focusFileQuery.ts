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

/** A column as DuckDB describes it. */
export interface FocusColumn {
  name: string;
  type: string;
}

/** Why an aggregated group of rows was skipped; 0 for rows that are kept. */
export const ROW_PROBLEMS = {
  1: 'ChargePeriodStart is empty or not a timestamp',
  2: 'BillingCurrency is empty',
  3: 'EffectiveCost is not a number',
} as const;

const REQUIRED = ['EffectiveCost', 'ChargePeriodStart', 'BillingCurrency'];
const DIMENSIONS = [
  ['ProviderName', 'provider'],
  ['ServiceName', 'service'],
  ['ServiceCategory', 'service_category'],
  ['RegionId', 'region'],
  ['SubAccountId', 'sub_account'],
] as const;

/** The columns each aggregated group carries, in order. */
export const GROUP_COLUMNS = [
  'day',
  'currency',
  'provider',
  'service',
  'service_category',
  'region',
  'sub_account',
  'tags',
  'problem',
  'amount',
  'billed',
  'row_count',
] as const;

/** Single-quoted SQL text. */
export function sqlText(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function identifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * The table function that reads one local file. CSV is read as text except the charge period,
 * which DuckDB parses as a timestamp (values without a zone are UTC: the session's time zone);
 * `NULL` is the null marker FOCUS exports use, empty cells are handled per column. Records
 * DuckDB cannot parse are skipped and stored in `rejectsTable` for the log.
 */
export function focusFileReader(options: {
  path: string;
  format: FocusFileFormat;
  rejectsTable: string;
}): string {
  const { path, format, rejectsTable } = options;
  if (format === 'parquet') {
    return `read_parquet(${sqlText(path)})`;
  }
  return [
    `read_csv(${sqlText(path)}`,
    `header = true`,
    `all_varchar = true`,
    `nullstr = 'NULL'`,
    `types = {'ChargePeriodStart': 'TIMESTAMPTZ'}`,
    `ignore_errors = true`,
    `store_rejects = true`,
    `rejects_table = ${sqlText(rejectsTable)}`,
    `rejects_scan = ${sqlText(`${rejectsTable}_scan`)})`,
  ].join(', ');
}

const NUMERIC =
  /^(DECIMAL|NUMERIC|DOUBLE|FLOAT|REAL|(U)?(TINY|SMALL|BIG|HUGE)?INT(EGER)?)/i;

/** Cost as DECIMAL(38,9): exact nano-units, rounded half away from zero, as `parseAmountNanos`. */
function amountExpression(column: FocusColumn | undefined): string {
  if (!column) {
    return 'NULL::DECIMAL(38,9)';
  }
  const name = identifier(column.name);
  return NUMERIC.test(column.type)
    ? `CAST(${name} AS DECIMAL(38,9))`
    : `TRY_CAST(NULLIF(trim(CAST(${name} AS VARCHAR)), '') AS DECIMAL(38,9))`;
}

/** Text of the amount that did not parse, NULL otherwise (numeric columns always parse). */
function amountTextExpression(column: FocusColumn): string {
  const name = identifier(column.name);
  return NUMERIC.test(column.type)
    ? 'NULL'
    : `NULLIF(trim(CAST(${name} AS VARCHAR)), '')`;
}

/** The UTC day of the charge period's start. */
function dayExpression(column: FocusColumn): string {
  const name = identifier(column.name);
  if (/^DATE$/i.test(column.type)) {
    return name;
  }
  if (/^TIMESTAMP/i.test(column.type)) {
    // TIMESTAMP (taken as UTC) and TIMESTAMP WITH TIME ZONE (the session runs in UTC).
    return `CAST(${name} AS DATE)`;
  }
  return `CAST(TRY_CAST(NULLIF(trim(CAST(${name} AS VARCHAR)), '') AS TIMESTAMPTZ) AS DATE)`;
}

function textExpression(column: FocusColumn | undefined): string {
  if (!column) {
    return 'NULL::VARCHAR';
  }
  return `NULLIF(CAST(${identifier(column.name)} AS VARCHAR), '')`;
}

/** Tags as JSON text: kept as is from text columns, converted from maps and structs. */
function tagsExpression(column: FocusColumn | undefined): string {
  if (!column) {
    return 'NULL::VARCHAR';
  }
  const name = identifier(column.name);
  return /^(MAP|STRUCT)/i.test(column.type)
    ? `CAST(to_json(${name}) AS VARCHAR)`
    : `CAST(${name} AS VARCHAR)`;
}

/**
 * The query that sums one FOCUS file per UTC day, currency, provider, service, service category,
 * region, sub-account and tags text: {@link GROUP_COLUMNS}. Groups of rows that cannot be used
 * carry a `problem` (see {@link ROW_PROBLEMS}) instead of being dropped silently. Columns are
 * matched case-insensitively; it throws when a required column is missing.
 */
export function focusAggregationQuery(options: {
  reader: string;
  columns: FocusColumn[];
  file: string;
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
  const effective = column('EffectiveCost')!;
  const fields = [
    `${dayExpression(column('ChargePeriodStart')!)} AS day`,
    `upper(trim(${textExpression(column('BillingCurrency'))})) AS currency`,
    ...DIMENSIONS.map(
      ([focusName, alias]) =>
        `${textExpression(column(focusName))} AS ${alias}`,
    ),
    `${tagsExpression(column('Tags'))} AS tags`,
    `${amountExpression(effective)} AS amount`,
    `${amountTextExpression(effective)} AS amount_text`,
    `${amountExpression(column('BilledCost'))} AS billed`,
  ];
  return `
    SELECT day, currency, provider, service, service_category, region, sub_account, tags,
      CASE
        WHEN day IS NULL THEN 1
        WHEN currency IS NULL OR currency = '' THEN 2
        WHEN amount IS NULL AND amount_text IS NOT NULL THEN 3
        ELSE 0
      END AS problem,
      sum(amount) AS amount, sum(billed) AS billed, count(*) AS row_count
    FROM (SELECT ${fields.join(', ')} FROM ${options.reader})
    GROUP BY ALL`;
}
