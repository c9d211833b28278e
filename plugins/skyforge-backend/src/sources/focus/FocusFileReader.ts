import {
  DuckDBConnection,
  DuckDBDecimalValue,
  DuckDBInstance,
  DuckDBValue,
} from '@duckdb/node-api';
import type { CostRow } from '@skyforge/plugin-skyforge-node';
import {
  FocusColumn,
  FocusFileFormat,
  GROUP_COLUMNS,
  ROW_PROBLEMS,
  focusAggregationQuery,
  focusFileReader,
} from './focusFileQuery';
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
  TAGS,
  PROBLEM,
  AMOUNT,
  BILLED,
  ROW_COUNT,
] = GROUP_COLUMNS.keys();

function text(value: DuckDBValue): string | undefined {
  return value === null || value === undefined ? undefined : String(value);
}

/** A DECIMAL sum as exact decimal text; a group without any amount costs 0. */
function decimalText(value: DuckDBValue): string | undefined {
  return value instanceof DuckDBDecimalValue ? value.toString() : undefined;
}

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
    const { name, stats, signal } = options;
    const rejectsTable = `rejects_${++this.#scans}`;
    const reader = focusFileReader({ ...options, rejectsTable });
    const abort = () => this.connection.interrupt();
    signal?.addEventListener('abort', abort);
    try {
      const columns = await this.#describe(reader, name);
      const query = focusAggregationQuery({ reader, columns, file: name });
      const result = await this.#run(() => this.connection.stream(query), name);
      const skipped = new Map<number, number>();
      for (;;) {
        const chunk = await this.#run(() => result.fetchChunk(), name);
        if (!chunk || chunk.rowCount === 0) {
          break;
        }
        const rows: CostRow[] = [];
        for (const group of chunk.getRows()) {
          const rowCount = Number(group[ROW_COUNT]);
          stats.rowsRead += rowCount;
          const problem = Number(group[PROBLEM]);
          if (problem !== 0) {
            skipped.set(problem, (skipped.get(problem) ?? 0) + rowCount);
            continue;
          }
          rows.push({
            date: String(group[DAY]),
            amount: decimalText(group[AMOUNT]) ?? '0',
            billedAmount: decimalText(group[BILLED]),
            currency: String(group[CURRENCY]),
            provider: text(group[PROVIDER]),
            service: text(group[SERVICE]),
            serviceCategory: text(group[SERVICE_CATEGORY]),
            region: text(group[REGION]),
            subAccount: text(group[SUB_ACCOUNT]),
            tags: this.#tags(text(group[TAGS])),
            rowCount,
          });
        }
        if (rows.length > 0) {
          yield rows;
        }
      }
      for (const [problem, count] of skipped) {
        stats.rowsSkipped += count;
        this.#explain(
          stats,
          `${name}: ${count} row(s): ${
            ROW_PROBLEMS[problem as keyof typeof ROW_PROBLEMS]
          }`,
        );
      }
      if (options.format === 'csv') {
        await this.#collectRejects(rejectsTable, name, stats);
      }
    } finally {
      signal?.removeEventListener('abort', abort);
    }
    signal?.throwIfAborted();
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

  /** Records DuckDB could not parse (bad quoting, an unparseable charge period, ...). */
  async #collectRejects(
    rejectsTable: string,
    name: string,
    stats: FocusFileStats,
  ): Promise<void> {
    const rejects = await this.connection.runAndReadAll(
      `SELECT count(DISTINCT line) AS lines,
        list(line ORDER BY line)[1:5] AS first_lines,
        list(error_message ORDER BY line)[1:5] AS messages
       FROM ${rejectsTable}`,
    );
    const [summary] = rejects.getRowObjectsJS();
    const lines = Number(summary?.lines ?? 0);
    if (lines > 0) {
      stats.rowsRead += lines;
      stats.rowsSkipped += lines;
      const firstLines = (summary.first_lines as unknown[]) ?? [];
      const messages = (summary.messages as unknown[]) ?? [];
      firstLines.forEach((line, i) =>
        this.#explain(stats, `${name} line ${line}: ${messages[i]}`),
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
      const message = (error as Error).message ?? String(error);
      if (/lacks the column/.test(message)) {
        throw error;
      }
      throw new Error(`Cannot read FOCUS file '${name}': ${message}`);
    }
  }
}
