import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '@backstage/config';
import type {
  CostIngestOptions,
  CostRow,
  CostSourceTypeContext,
} from '@skyforge/plugin-skyforge-node';
import type {
  CostDimensions,
  DailyCostColumns,
} from '../../database/CostStore';
import type { DailyAggregateSource } from '../../ingestion/DailyAggregateSource';
import { epochDayToDay } from '../../util/dates';
import { formatNanos } from '../../util/money';
import { FocusAggregation, FocusFileStats } from './FocusAggregation';
import {
  createObjectStore,
  ObjectStoreSettings,
} from './storage/createObjectStore';
import {
  FOCUS_LAYOUTS,
  FocusLayout,
  listFocusFiles,
} from './storage/listFocusFiles';
import { Prefetcher } from './storage/Prefetcher';
import {
  FocusLocation,
  parseFocusLocation,
} from './storage/parseFocusLocation';
import { redactError } from '../../util/redactSecrets';

export interface FocusCostSourceOptions {
  id: string;
  /** A local path, `s3://`, `gs://`, `azure://` or `https://` location (see parseFocusLocation). */
  location: string;
  layout?: FocusLayout;
  lookbackDays?: number;
  workingDirectory: string;
  stores?: ObjectStoreSettings;
  /** DuckDB threads. Default: the machine's parallelism, at most 4. */
  threads?: number;
  /** DuckDB's memory limit. Default: 256 MB per thread. */
  memoryLimit?: string;
  urlReader?: CostSourceTypeContext['urlReader'];
}

/** Reads an optional string setting. */
function optionalStrings<K extends string>(
  config: Config | undefined,
  keys: readonly K[],
): Partial<Record<K, string>> {
  const values: Partial<Record<K, string>> = {};
  for (const key of keys) {
    const value = config?.getOptionalString(key);
    if (value !== undefined) {
      values[key] = value;
    }
  }
  return values;
}

/**
 * Reads FOCUS 1.x cost-and-usage exports — CSV, gzip CSV or Parquet — from the local disk, S3,
 * Google Cloud Storage, Azure Blob Storage or an `https://` URL, as single files, folders, globs
 * or the layouts AWS Data Exports and Azure Cost Management exports write. DuckDB reads and sums
 * each file per day and tag set (see {@link FocusAggregation}); files in object storage are
 * streamed to a temporary folder first, the next one while the current one is read.
 *
 * Every run re-reads the files of the window and replaces the source's data (exports are
 * restated during and after a billing period).
 */
export class FocusCostSource implements DailyAggregateSource {
  readonly type = 'focus';
  readonly id: string;
  readonly lookbackDays?: number;
  readonly #options: FocusCostSourceOptions;
  readonly #location: FocusLocation;

  static fromConfig(
    config: Config,
    context: Partial<CostSourceTypeContext> = {},
  ): FocusCostSource {
    const id = config.getString('id');
    const location =
      config.getOptionalString('options.location') ??
      config.getOptionalString('options.path');
    if (!location) {
      throw new Error(
        `Missing required config value at 'options.location' of cost source '${id}': a FOCUS file, folder, glob or s3://, gs://, azure:// location`,
      );
    }
    const layout = config.getOptionalString('options.layout') ?? 'files';
    if (!(FOCUS_LAYOUTS as readonly string[]).includes(layout)) {
      throw new Error(
        `Invalid options.layout '${layout}' of cost source '${id}': must be one of ${FOCUS_LAYOUTS.join(
          ', ',
        )}`,
      );
    }
    const s3 = config.getOptionalConfig('options.s3');
    const gcs = config.getOptionalConfig('options.gcs');
    const azure = config.getOptionalConfig('options.azure');
    return new FocusCostSource({
      id,
      location,
      layout: layout as FocusLayout,
      lookbackDays: config.getOptionalNumber('lookbackDays'),
      workingDirectory: context.workingDirectory ?? process.cwd(),
      urlReader: context.urlReader,
      threads: config.getOptionalNumber('options.threads'),
      memoryLimit: config.getOptionalString('options.memoryLimit'),
      stores: {
        s3: s3 && {
          ...optionalStrings(s3, [
            'region',
            'endpoint',
            'accessKeyId',
            'secretAccessKey',
            'sessionToken',
          ] as const),
          forcePathStyle: s3.getOptionalBoolean('forcePathStyle'),
        },
        gcs:
          gcs &&
          optionalStrings(gcs, [
            'projectId',
            'apiEndpoint',
            'clientEmail',
            'privateKey',
          ] as const),
        azure:
          azure &&
          optionalStrings(azure, [
            'endpoint',
            'accountKey',
            'sasToken',
          ] as const),
      },
    });
  }

  constructor(options: FocusCostSourceOptions) {
    this.id = options.id;
    this.lookbackDays = options.lookbackDays;
    this.#options = options;
    this.#location = parseFocusLocation(
      options.location,
      options.workingDirectory,
    );
  }

  /** Configured keys and tokens, which no message may contain. */
  get #secrets(): Array<string | undefined> {
    const { s3, gcs, azure } = this.#options.stores ?? {};
    return [
      s3?.secretAccessKey,
      s3?.sessionToken,
      gcs?.privateKey,
      azure?.accountKey,
      azure?.sasToken,
    ];
  }

  /**
   * The rows of {@link FocusCostSource.ingestDailyAggregates}, one per daily aggregate (for
   * callers of the generic `CostSource` interface; the ingester stores the aggregates). A zero
   * sum reads `0`, and a zero billed sum is left out, as for a group without costs.
   */
  async *ingest(options: CostIngestOptions): AsyncGenerator<CostRow[]> {
    const dimensions: CostDimensions[] = [];
    for await (const batch of this.ingestDailyAggregates(options)) {
      dimensions.push(...batch.newDimensions);
      yield Array.from(batch.epochDays, (epochDay, i) => {
        const set = dimensions[batch.dimensions[i]];
        const amount = batch.amountNanos[i];
        const billed = batch.billedNanos[i];
        return {
          date: epochDayToDay(epochDay),
          amount: amount === 0n ? '0' : formatNanos(amount),
          billedAmount: billed === 0n ? undefined : formatNanos(billed),
          currency: set.currency,
          provider: set.provider,
          service: set.service,
          serviceCategory: set.serviceCategory,
          region: set.region,
          subAccount: set.subAccount,
          tags: set.tags,
          rowCount: batch.rowCounts[i],
        };
      });
    }
  }

  /**
   * Reads every file of the window and yields their daily aggregates, each (day, dimensions)
   * once (see {@link FocusAggregation}).
   */
  async *ingestDailyAggregates(
    options: CostIngestOptions,
  ): AsyncGenerator<DailyCostColumns> {
    try {
      yield* this.#ingest(options);
    } catch (error) {
      throw redactError(error, this.#secrets);
    }
  }

  async *#ingest(options: CostIngestOptions): AsyncGenerator<DailyCostColumns> {
    const { window, logger, signal } = options;
    const store = createObjectStore({
      location: this.#location,
      settings: this.#options.stores ?? {},
      urlReader: this.#options.urlReader,
    });
    const location = this.#location;
    const all = await listFocusFiles({
      store,
      prefix: location.store === 'url' ? location.url : location.prefix,
      pattern: location.store === 'url' ? undefined : location.pattern,
      layout: this.#options.layout ?? 'files',
      location: this.#options.location,
      logger,
      signal,
    });
    // Billing periods wholly outside the window need not be downloaded.
    const files = all.filter(
      file =>
        !file.period ||
        ((window.from === undefined || file.period.to >= window.from) &&
          file.period.from <= window.to),
    );
    const temporary = await fs.promises.mkdtemp(
      path.join(os.tmpdir(), 'skyforge-focus-'),
    );
    const threads =
      this.#options.threads ?? Math.min(4, os.availableParallelism());
    const aggregation = await FocusAggregation.create({
      threads,
      // Beyond the limit DuckDB spills groups to disk. Less than this made 10 million rows with
      // 418,000 groups fail with DuckDB's "could not allocate block" on 2 threads.
      memoryLimit: this.#options.memoryLimit ?? `${threads * 256}MB`,
      tempDirectory: path.join(temporary, 'duckdb'),
    });
    const copies = new Prefetcher(store, files, temporary, signal);
    try {
      for (const file of files) {
        const copy = await copies.next();
        const name =
          location.store === 'local'
            ? file.key
            : `${store.displayName}/${file.key}`;
        const stats: FocusFileStats = {
          rowsRead: 0,
          rowsSkipped: 0,
          skipReasons: [],
        };
        try {
          // The file's new dimension sets go to the store while DuckDB sums the file.
          yield* aggregation.addFile({
            path: copy.path,
            name,
            format: file.format,
            stats,
            signal,
          });
        } finally {
          await copy.release();
        }
        const skipped = stats.rowsSkipped
          ? `; skipped ${stats.rowsSkipped}: ${stats.skipReasons.join('; ')}`
          : '';
        logger.info(`Read ${stats.rowsRead} FOCUS rows from ${name}${skipped}`);
      }
      yield* aggregation.dailyAggregates();
    } finally {
      await copies.close();
      aggregation.close();
      await fs.promises.rm(temporary, { recursive: true, force: true });
    }
  }
}
