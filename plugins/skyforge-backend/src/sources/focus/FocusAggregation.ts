import fs from 'node:fs';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import {
  CostDimensions,
  DailyCostColumns,
  dailyCostColumns,
} from '../../database/CostStore';
import type { CanonicalTagSet } from '../../database/costDimensions';
import {
  COST_COLUMNS,
  DimensionsHash,
  FocusColumn,
  FocusFileFormat,
  focusCsvColumns,
  focusFileReader,
  focusGroupsQuery,
  focusParquetRowsReader,
  focusSampleDimensionsQuery,
  focusSampledGroupsQuery,
} from './focusFileQuery';
import { focusDimensions } from './focusDimensions';
import { readCsvHead } from './readCsvHead';
import { storableNanos } from '../../util/money';

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
  /**
   * The 64-bit key of a record's dimensions, DuckDB's `hash` of them by default. Tests give a
   * key that collides to prove that a collision does not change the sums.
   */
  keyHash?: DimensionsHash;
}

const MAX_SKIP_REASONS = 5;

/** The first and last day of a file's sums, `YYYY-MM-DD`. */
interface DayRange {
  first: string;
  last: string;
}

/**
 * Sums FOCUS 1.x files (CSV, gzip CSV, Parquet) with DuckDB into daily aggregates per UTC day and
 * canonical dimensions (currency, provider, service, service category, region, sub-account,
 * tags), one aggregation per source run. Each file is read and summed in C++ on several threads
 * (see `focusGroupsQuery`; Parquet files, whose records have positions, by dimension hash alone
 * with one sample record per group, see `focusSampledGroupsQuery`); its distinct dimension sets,
 * a few thousand where the rows are millions, are made canonical here as the store would make
 * them, and the file's sums are kept in DuckDB by canonical dimension id. The dimension sets new
 * to the run are handed out as soon as a file's are known, so the store writes them while DuckDB
 * sums the file. {@link FocusAggregation.dailyAggregates} then streams each (day, dimensions)
 * once across all the files, so JavaScript handles only the final aggregates and the store
 * writes them without merging.
 */
export class FocusAggregation {
  static async create(options: FocusEngineOptions): Promise<FocusAggregation> {
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
    await connection.run(
      `CREATE TABLE focus_daily (day DATE, dimension INTEGER, amount_nanos HUGEINT, billed_nanos HUGEINT, row_count BIGINT)`,
    );
    await connection.run(
      `CREATE TABLE focus_file_map (ordinal BIGINT, dimension INTEGER)`,
    );
    return new FocusAggregation(instance, connection, options.keyHash);
  }

  #scans = 0;
  /** Canonical dimension sets by id, and their ids by row key. */
  readonly #dimensions: CostDimensions[] = [];
  readonly #dimensionIds = new Map<string, number>();
  /** Canonical tag sets by their text as read; the files of an export share most of them. */
  readonly #tagSets = new Map<string, CanonicalTagSet>();
  /** The days each file's sums cover; files that share days are merged at the end. */
  readonly #dayRanges: DayRange[] = [];
  #merge = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly keyHash?: DimensionsHash,
  ) {}

  /**
   * Reads and sums one local file. `name` is how the file is called in messages (its location,
   * not a temporary copy's path). Yields the file's dimension sets new to the run (numbered as in
   * the sums, without sums) as soon as they are known, then sums the file when resumed: a
   * consumer that writes them without waiting lets DuckDB sum meanwhile. `stats` is complete
   * once the generator is done.
   */
  async *addFile(options: {
    path: string;
    name: string;
    format: FocusFileFormat;
    stats: FocusFileStats;
    signal?: AbortSignal;
  }): AsyncGenerator<DailyCostColumns> {
    const { path, name, format, stats, signal } = options;
    const abort = () => this.connection.interrupt();
    signal?.addEventListener('abort', abort);
    try {
      if (format === 'parquet') {
        const reader = focusParquetRowsReader(path);
        yield* this.#addGroups({
          reader,
          columns: await this.#describe(reader, name),
          name,
          stats,
          sampled: true,
        });
      } else {
        yield* this.#addCsv(path, name, stats);
      }
    } finally {
      signal?.removeEventListener('abort', abort);
    }
    signal?.throwIfAborted();
  }

  /**
   * Streams the daily sums of every file added, each (day, dimension set) once, in batches of
   * about `batchRows`; their dimension sets came with {@link FocusAggregation.addFile}.
   */
  async *dailyAggregates(batchRows = 20_000): AsyncGenerator<DailyCostColumns> {
    if (this.#merge) {
      await this.connection.run(
        `CREATE OR REPLACE TABLE focus_daily AS
         SELECT day, dimension, CAST(sum(amount_nanos) AS HUGEINT) AS amount_nanos,
           CAST(sum(billed_nanos) AS HUGEINT) AS billed_nanos, CAST(sum(row_count) AS BIGINT) AS row_count
         FROM focus_daily GROUP BY day, dimension`,
      );
      this.#merge = false;
    }
    // DuckDB keeps the sums as 128-bit integers and the store's columns are 64-bit (9.2 billion
    // currency units a day and dimension set): a larger sum fails the run before any is handed out.
    const [extremes] = (
      await this.connection.runAndReadAll(
        `SELECT min(amount_nanos), max(amount_nanos), min(billed_nanos), max(billed_nanos)
         FROM focus_daily`,
      )
    ).getRows();
    for (const extreme of extremes) {
      if (extreme !== null) {
        storableNanos(extreme as bigint);
      }
    }
    // Days come as numbers (days since 1970-01-01). Not sorted (the store sorts each batch): an
    // ORDER BY day raised the peak RSS of 10,000,000 rows from 387 to 427 MiB.
    const result = await this.connection.stream(
      `SELECT CAST(day - DATE '1970-01-01' AS INTEGER), dimension,
         CAST(coalesce(amount_nanos, 0) AS BIGINT), CAST(coalesce(billed_nanos, 0) AS BIGINT),
         CAST(row_count AS DOUBLE)
       FROM focus_daily`,
    );
    let batch = dailyCostColumns(batchRows);
    let filled = 0;
    for (
      let chunk = await result.fetchChunk();
      chunk && chunk.rowCount > 0;
      chunk = await result.fetchChunk()
    ) {
      const [days, dimensions, amounts, billed, counts] = chunk.getColumns();
      for (let i = 0; i < chunk.rowCount; i++) {
        batch.epochDays[filled] = days[i] as number;
        batch.dimensions[filled] = dimensions[i] as number;
        batch.amountNanos[filled] = amounts[i] as bigint;
        batch.billedNanos[filled] = billed[i] as bigint;
        batch.rowCounts[filled] = counts[i] as number;
        if (++filled === batchRows) {
          yield batch;
          batch = dailyCostColumns(batchRows);
          filled = 0;
        }
      }
    }
    if (filled > 0) {
      yield {
        newDimensions: [],
        epochDays: batch.epochDays.subarray(0, filled),
        dimensions: batch.dimensions.subarray(0, filled),
        amountNanos: batch.amountNanos.subarray(0, filled),
        billedNanos: batch.billedNanos.subarray(0, filled),
        rowCounts: batch.rowCounts.subarray(0, filled),
      };
    }
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }

  /**
   * Reads a CSV file with narrow (64-bit) costs, then re-reads the records rejected for a cost
   * out of the narrow range, if any, with wide ones.
   */
  async *#addCsv(
    path: string,
    name: string,
    stats: FocusFileStats,
  ): AsyncGenerator<DailyCostColumns> {
    const head = await readCsvHead(path).catch(error => {
      throw new Error(
        `Cannot read FOCUS file '${name}': ${(error as Error).message}`,
      );
    });
    const narrow = focusCsvColumns(head.header, head);
    const rejects = `rejects_${++this.#scans}`;
    yield* this.#addGroups({
      reader: focusFileReader({
        path,
        format: 'csv',
        columns: narrow,
        rejectsTable: rejects,
      }),
      columns: narrow,
      name,
      stats,
    });
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
      yield* this.#addGroups({
        reader: focusFileReader({
          path: retry,
          format: 'csv',
          columns: wide,
          rejectsTable: wideRejects,
        }),
        columns: wide,
        name,
        stats,
      });
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
   * Sums one file into `focus_file_groups` (see `focusGroupsQuery`, or `focusSampledGroupsQuery`
   * for a `sampled` Parquet file), makes its dimension sets canonical, yields those new to the
   * run, and adds its sums to `focus_daily` by canonical dimension id. The file is read again
   * with wide costs when a sum overflows 64-bit decimals, and with exact keys when two dimension
   * sets share a hash (both before anything is yielded).
   */
  async *#addGroups(options: {
    reader: string;
    columns: FocusColumn[];
    name: string;
    stats: FocusFileStats;
    wideCosts?: boolean;
    exactKeys?: boolean;
    sampled?: boolean;
  }): AsyncGenerator<DailyCostColumns> {
    const { name, stats, wideCosts = false, exactKeys = false } = options;
    const sampled = (options.sampled ?? false) && !exactKeys;
    const query = { ...options, file: name, keyHash: this.keyHash };
    try {
      await this.connection.run(
        `CREATE OR REPLACE TABLE focus_file_groups AS ${
          sampled ? focusSampledGroupsQuery(query) : focusGroupsQuery(query)
        }`,
      );
    } catch (error) {
      if (
        !wideCosts &&
        /conversion error|overflow|out of range/i.test(String(error))
      ) {
        yield* this.#addGroups({ ...options, wideCosts: true });
        return;
      }
      throw this.#named(error, name);
    }
    try {
      const collisionsQuery = sampled
        ? `SELECT count(*) FROM (SELECT key FROM focus_file_groups GROUP BY key
             HAVING min(check_low) <> max(check_high))`
        : `SELECT count(*) - count(DISTINCT key) FROM focus_file_groups WHERE is_dimensions`;
      const [[collisions]] = (
        await this.connection.runAndReadAll(collisionsQuery)
      ).getRows();
      if (Number(collisions) > 0 && !exactKeys) {
        yield* this.#addGroups({ ...options, exactKeys: true });
        return;
      }
      await this.connection.run(
        `CREATE OR REPLACE TABLE focus_file_dimensions AS ${
          sampled
            ? focusSampleDimensionsQuery({
                ...query,
                groupsTable: 'focus_file_groups',
              })
            : `SELECT row_number() OVER () AS ordinal, * EXCLUDE (day, is_dimensions, amount_nanos, billed_nanos)
               FROM focus_file_groups WHERE is_dimensions`
        }`,
      );
      const known = this.#dimensions.length;
      await this.#mapDimensions(options.columns);
      if (this.#dimensions.length > known) {
        yield dailyCostColumns(0, this.#dimensions.slice(known));
      }
      await this.#keepSums(stats, name);
    } catch (error) {
      throw this.#named(error, name);
    } finally {
      await this.connection.run(
        'DROP TABLE IF EXISTS focus_file_groups; DROP TABLE IF EXISTS focus_file_dimensions; DELETE FROM focus_file_map',
      );
    }
  }

  /**
   * Gives each of the file's dimension sets its canonical dimension id in `focus_file_map`, or
   * -1 when it has no currency.
   */
  async #mapDimensions(columns: FocusColumn[]): Promise<void> {
    const tagsType = columns.find(c => /^tags$/i.test(c.name.trim()))?.type;
    const tagsText =
      tagsType && /^(MAP|STRUCT)/i.test(tagsType) ? 'to_json(tags)' : 'tags';
    const records = await this.connection.runAndReadAll(
      `SELECT ordinal, currency, provider, service, service_category, region, sub_account,
         CAST(${tagsText} AS VARCHAR)
       FROM focus_file_dimensions`,
    );
    const appender = await this.connection.createAppender('focus_file_map');
    const used = new Set<number>();
    const [ordinals, ...fieldColumns] = records.getColumns();
    const fields: Array<string | null> = new Array(fieldColumns.length);
    for (let row = 0; row < records.currentRowCount; row++) {
      for (let i = 0; i < fieldColumns.length; i++) {
        fields[i] = fieldColumns[i][row] as string | null;
      }
      const dimensions = focusDimensions(fields, this.#tagSets);
      let id = -1;
      if (dimensions) {
        id = this.#dimensionIds.get(dimensions.rowKey) ?? -1;
        if (id === -1) {
          id = this.#dimensions.push(dimensions) - 1;
          this.#dimensionIds.set(dimensions.rowKey, id);
        }
        if (used.has(id)) {
          // Two sets of the file are one once canonical (e.g. tags in another order).
          this.#merge = true;
        }
        used.add(id);
      }
      appender.appendBigInt(ordinals[row] as bigint);
      appender.appendInteger(id);
      appender.endRow();
    }
    appender.closeSync();
  }

  /** Adds the file's sums to `focus_daily` and counts what was read and skipped. */
  async #keepSums(stats: FocusFileStats, name: string): Promise<void> {
    const joined = `focus_file_groups g
      JOIN focus_file_dimensions d ON g.key IS NOT DISTINCT FROM d.key
      JOIN focus_file_map m ON m.ordinal = d.ordinal
      WHERE NOT g.is_dimensions`;
    await this.connection.run(
      `INSERT INTO focus_daily
       SELECT g.day, m.dimension, g.amount_nanos, g.billed_nanos, g.row_count
       FROM ${joined} AND g.day IS NOT NULL AND m.dimension >= 0`,
    );
    const [[rows, noDay, noCurrency, first, last]] = (
      await this.connection.runAndReadAll(
        `SELECT sum(g.row_count),
           coalesce(sum(g.row_count) FILTER (WHERE g.day IS NULL), 0),
           coalesce(sum(g.row_count) FILTER (WHERE g.day IS NOT NULL AND m.dimension < 0), 0),
           CAST(min(g.day) AS VARCHAR), CAST(max(g.day) AS VARCHAR)
         FROM ${joined}`,
      )
    ).getRows();
    stats.rowsRead += Number(rows ?? 0);
    for (const [count, problem] of [
      [noDay, 'ChargePeriodStart is empty or not a timestamp'],
      [noCurrency, 'BillingCurrency is empty'],
    ] as const) {
      if (Number(count) > 0) {
        stats.rowsSkipped += Number(count);
        this.#explain(stats, `${name}: ${count} row(s): ${problem}`);
      }
    }
    if (first !== null) {
      const range = { first: String(first), last: String(last) };
      if (
        this.#dayRanges.some(
          r => r.first <= range.last && range.first <= r.last,
        )
      ) {
        this.#merge = true;
      }
      this.#dayRanges.push(range);
    }
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
    return message.startsWith('Cannot read FOCUS file')
      ? (error as Error)
      : new Error(`Cannot read FOCUS file '${name}': ${message}`);
  }
}
