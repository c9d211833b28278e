import fs from 'node:fs';
import {
  DuckDBConnection,
  DuckDBDataChunk,
  DuckDBInstance,
  DuckDBResult,
} from '@duckdb/node-api';
import type { CostRow } from '@skyforge/plugin-skyforge-node';
import {
  COST_COLUMNS,
  FocusColumn,
  FocusFileFormat,
  FIELD_SEPARATOR,
  GROUP_FIELDS,
  focusAggregationQuery,
  focusCsvColumns,
  focusFileReader,
} from './focusFileQuery';
import { readCsvHead } from './readCsvHead';
import { parseFocusTags } from './parseFocusTags';
import { detachString } from '../../util/detachString';

/** What reading one file found besides the rows. */
export interface FocusFileStats {
  rowsRead: number;
  rowsSkipped: number;
  /** Up to five explanations of skipped rows. */
  skipReasons: string[];
}

/** Engine settings; the defaults suit a backend sharing its machine. */
export interface FocusEngineOptions {
  /** Threads DuckDB may use. */
  threads: number;
  /** DuckDB's memory limit, e.g. `512MB`; beyond it, aggregation spills to `tempDirectory`. */
  memoryLimit?: string;
  /** Where DuckDB spills. */
  tempDirectory: string;
}

const NO_TAGS: Readonly<Record<string, string>> = Object.freeze({});
const MAX_SKIP_REASONS = 5;
const [
  DAY,
  CURRENCY,
  PROVIDER,
  SERVICE,
  SERVICE_CATEGORY,
  REGION,
  SUB_ACCOUNT,
  AMOUNT,
  BILLED,
  ROW_COUNT,
  TAGS,
] = GROUP_FIELDS.keys();

/** A field of a group's record; empty text is absent (NULL, or empty in the export). */
function text(value: string): string | undefined {
  return value === '' ? undefined : value;
}

const PROBLEMS = {
  day: 'ChargePeriodStart is empty or not a timestamp',
  currency: 'BillingCurrency is empty',
};

/**
 * Reads FOCUS 1.x files (CSV, gzip CSV, Parquet) with DuckDB and yields them already summed per
 * UTC day, currency, provider, service, service category, region, sub-account and tags, one
 * {@link CostRow} per group with its `rowCount`. DuckDB reads in parallel and in C++, skips the
 * unused columns, and keeps memory bounded by its limit (it spills beyond it), so millions of rows
 * cost the backend little more than the groups they sum to.
 */
export class FocusFileReader {
  static async create(options: FocusEngineOptions): Promise<FocusFileReader> {
    const settings: Record<string, string> = {
      threads: String(options.threads),
      temp_directory: options.tempDirectory,
      preserve_insertion_order: 'false',
      // Ingestion must never reach out: no extension downloads, no remote files.
      autoinstall_known_extensions: 'false',
    };
    if (options.memoryLimit) {
      settings.memory_limit = options.memoryLimit;
    }
    const instance = await DuckDBInstance.create(':memory:', settings);
    const connection = await instance.connect();
    await connection.run(`SET TimeZone = 'UTC'`);
    return new FocusFileReader(instance, connection);
  }

  #scans = 0;
  /** The same Tags text repeats across files and days; parse it once. Frozen: rows share it. */
  readonly #tagsByText = new Map<string, Readonly<Record<string, string>>>();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  /**
   * Streams one local file's groups in batches. `name` is how the file is called in messages
   * (its location, not a temporary copy's path).
   */
  async *read(options: {
    path: string;
    name: string;
    format: FocusFileFormat;
    stats: FocusFileStats;
    signal?: AbortSignal;
  }): AsyncGenerator<CostRow[]> {
    const { path, name, format, stats, signal } = options;
    const abort = () => this.connection.interrupt();
    signal?.addEventListener('abort', abort);
    try {
      if (format === 'parquet') {
        const reader = focusFileReader({ path, format, rejectsTable: '' });
        yield* this.#aggregate(
          reader,
          await this.#describe(reader, name),
          name,
          stats,
        );
      } else {
        yield* this.#readCsv(path, name, stats);
      }
    } finally {
      signal?.removeEventListener('abort', abort);
    }
    signal?.throwIfAborted();
  }

  /**
   * Reads a CSV file with narrow (64-bit) costs, then re-reads the records rejected for a cost
   * out of the narrow range, if any, with wide ones.
   */
  async *#readCsv(
    path: string,
    name: string,
    stats: FocusFileStats,
  ): AsyncGenerator<CostRow[]> {
    const head = await readCsvHead(path).catch(error => {
      throw new Error(
        `Cannot read FOCUS file '${name}': ${(error as Error).message}`,
      );
    });
    const narrow = focusCsvColumns(head.header, head);
    const rejects = `rejects_${++this.#scans}`;
    yield* this.#aggregate(
      focusFileReader({
        path,
        format: 'csv',
        columns: narrow,
        rejectsTable: rejects,
      }),
      narrow,
      name,
      stats,
    );
    const costLines = await this.#rejectedCostLines(rejects);
    await this.#reportRejects(rejects, name, stats, costLines.length > 0);
    if (costLines.length === 0) {
      return;
    }
    const retry = `${path}.wide.csv`;
    await fs.promises.writeFile(
      retry,
      `${head.headerLine}\n${costLines.map(l => l.record).join('\n')}\n`,
    );
    try {
      const wide = focusCsvColumns(head.header, { ...head, wideCosts: true });
      const wideRejects = `rejects_${++this.#scans}`;
      yield* this.#aggregate(
        focusFileReader({
          path: retry,
          format: 'csv',
          columns: wide,
          rejectsTable: wideRejects,
        }),
        wide,
        name,
        stats,
      );
      // Record k of the retry file sits on its line k + 2, after the header.
      await this.#reportRejects(
        wideRejects,
        name,
        stats,
        false,
        line => costLines[line - 2]?.line ?? line,
      );
    } finally {
      await fs.promises.rm(retry, { force: true });
    }
  }

  /**
   * Runs the aggregation and yields its groups as cost rows. The aggregation completes before the
   * first group arrives, so a cost too large for 64-bit decimals fails before anything was
   * yielded, and the file is read again with wide ones.
   */
  async *#aggregate(
    reader: string,
    columns: FocusColumn[],
    name: string,
    stats: FocusFileStats,
    wideCosts = false,
  ): AsyncGenerator<CostRow[]> {
    const query = focusAggregationQuery({
      reader,
      columns,
      file: name,
      wideCosts,
    });
    let result: DuckDBResult;
    let chunk: DuckDBDataChunk | null;
    try {
      result = await this.connection.stream(query);
      chunk = await result.fetchChunk();
    } catch (error) {
      if (
        !wideCosts &&
        /conversion error|overflow|out of range/i.test(String(error))
      ) {
        yield* this.#aggregate(reader, columns, name, stats, true);
        return;
      }
      throw this.#named(error, name);
    }
    const skipped = { day: 0, currency: 0 };
    for (
      ;
      chunk && chunk.rowCount > 0;
      chunk = await this.#run(() => result.fetchChunk(), name)
    ) {
      const rows: CostRow[] = [];
      for (const [record] of chunk.getRows()) {
        const group = String(record).split(FIELD_SEPARATOR);
        const rowCount = Number(group[ROW_COUNT]);
        stats.rowsRead += rowCount;
        const currency = text(group[CURRENCY])?.trim().toUpperCase();
        if (!group[DAY]) {
          skipped.day += rowCount;
          continue;
        }
        if (!currency) {
          skipped.currency += rowCount;
          continue;
        }
        rows.push({
          date: group[DAY],
          amount: text(group[AMOUNT]) ?? '0',
          billedAmount: text(group[BILLED]),
          currency,
          provider: text(group[PROVIDER]),
          service: text(group[SERVICE]),
          serviceCategory: text(group[SERVICE_CATEGORY]),
          region: text(group[REGION]),
          subAccount: text(group[SUB_ACCOUNT]),
          tags: this.#tags(text(group.slice(TAGS).join(FIELD_SEPARATOR))),
          rowCount,
        });
      }
      if (rows.length > 0) {
        yield rows;
      }
    }
    for (const problem of ['day', 'currency'] as const) {
      if (skipped[problem] > 0) {
        stats.rowsSkipped += skipped[problem];
        this.#explain(
          stats,
          `${name}: ${skipped[problem]} row(s): ${PROBLEMS[problem]}`,
        );
      }
    }
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }

  async #describe(reader: string, name: string): Promise<FocusColumn[]> {
    const described = await this.#run(
      () => this.connection.runAndReadAll(`DESCRIBE SELECT * FROM ${reader}`),
      name,
    );
    return described.getRowObjects().map(row => ({
      name: String(row.column_name),
      type: String(row.column_type),
    }));
  }

  /** The text of records rejected because a cost did not fit (or parse as) the narrow decimal. */
  async #rejectedCostLines(
    rejectsTable: string,
  ): Promise<Array<{ line: number; record: string }>> {
    const rejected = await this.connection.runAndReadAll(
      `SELECT line, any_value(csv_line) AS record FROM ${rejectsTable}
       WHERE error_type = 'CAST' AND lower(column_name) IN (${COST_COLUMNS.map(
         column => `'${column}'`,
       ).join(', ')})
       GROUP BY line ORDER BY line`,
    );
    return rejected.getRowObjectsJS().map(row => ({
      line: Number(row.line),
      record: String(row.record),
    }));
  }

  /**
   * Counts and explains the records DuckDB could not read (bad quoting, a cost that is not a
   * number, an unparseable charge period), then drops the rejects tables. With `exceptCosts`,
   * records rejected for a cost are left to the wide re-read, which reports them if they fail
   * again.
   */
  async #reportRejects(
    rejectsTable: string,
    name: string,
    stats: FocusFileStats,
    exceptCosts: boolean,
    originalLine: (line: number) => number = line => line,
  ): Promise<void> {
    const costFilter = exceptCosts
      ? `WHERE line NOT IN (SELECT line FROM ${rejectsTable} WHERE error_type = 'CAST' AND lower(column_name) IN (${COST_COLUMNS.map(
          column => `'${column}'`,
        ).join(', ')}))`
      : '';
    const rejects = await this.connection.runAndReadAll(
      `SELECT line, min(error_message) AS message, count(*) OVER () AS lines
       FROM ${rejectsTable} ${costFilter} GROUP BY line ORDER BY line LIMIT 5`,
    );
    const first = rejects.getRowObjectsJS();
    const lines = Number(first[0]?.lines ?? 0);
    stats.rowsRead += lines;
    stats.rowsSkipped += lines;
    for (const { line, message } of first) {
      this.#explain(
        stats,
        `${name} line ${originalLine(Number(line))}: ${message}`,
      );
    }
    await this.connection.run(`DROP TABLE IF EXISTS ${rejectsTable}`);
    await this.connection.run(`DROP TABLE IF EXISTS ${rejectsTable}_scan`);
  }

  #explain(stats: FocusFileStats, reason: string): void {
    if (stats.skipReasons.length < MAX_SKIP_REASONS) {
      stats.skipReasons.push(reason);
    }
  }

  #tags(textValue: string | undefined): Readonly<Record<string, string>> {
    if (textValue === undefined) {
      return NO_TAGS;
    }
    let tags = this.#tagsByText.get(textValue);
    if (tags === undefined) {
      tags = Object.freeze(parseFocusTags(textValue));
      if (this.#tagsByText.size >= 50_000) {
        this.#tagsByText.clear();
      }
      this.#tagsByText.set(detachString(textValue), tags);
    }
    return tags;
  }

  /** Runs a DuckDB call, naming the file in its error (DuckDB's own messages name temp paths). */
  async #run<T>(call: () => Promise<T>, name: string): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw this.#named(error, name);
    }
  }

  #named(error: unknown, name: string): Error {
    const message = (error as Error)?.message ?? String(error);
    return new Error(`Cannot read FOCUS file '${name}': ${message}`);
  }
}
