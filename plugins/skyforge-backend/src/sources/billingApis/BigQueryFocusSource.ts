import {
  CAPABILITY_TAG,
  CLUSTER_TAG,
  TAG_KEYS,
} from '@skyforge/plugin-skyforge-common';
import { BigQuery, BigQueryOptions, Job } from '@google-cloud/bigquery';
import type { Config } from '@backstage/config';
import type {
  CostIngestOptions,
  CostRow,
  CostSource,
} from '@skyforge/plugin-skyforge-node';
import { redactError } from '../../util/redactSecrets';
import {
  isNetworkError,
  isRetryableStatus,
  RetryDecision,
  RetryPolicy,
  withRetries,
} from './withRetries';

/**
 * The attribution contract's tag keys that say whose a row is (`managed-by` does not), plus the
 * capability and the cluster key OpenCost rows carry.
 */
export const CONTRACT_TAG_KEYS = [
  ...TAG_KEYS.filter(key => key !== 'managed-by'),
  CAPABILITY_TAG,
  CLUSTER_TAG,
];

/** Rows per result page. */
const PAGE_SIZE = 10_000;
/** Default cap on the bytes one run may be billed for: 10 GB. */
const DEFAULT_MAXIMUM_BYTES_BILLED = '10000000000';

export interface BigQueryFocusSourceOptions {
  id: string;
  /** The FOCUS view (or table) over the billing export: `project.dataset.view`. */
  table: string;
  /** The project that runs (and pays for) the query jobs. */
  projectId: string;
  /** The dataset's location, e.g. `EU` or `US`. */
  location?: string;
  lookbackDays?: number;
  /** Tag keys read from the `Tags` column; rows are grouped by their values. */
  tagKeys?: string[];
  /** The most bytes one run may be billed for; BigQuery fails the query beyond it. */
  maximumBytesBilled?: string;
  apiEndpoint?: string;
  clientEmail?: string;
  privateKey?: string;
  retry?: Partial<RetryPolicy>;
  /** For tests: an auth client and how waiting between attempts happens. */
  authClient?: BigQueryOptions['authClient'];
  wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const RETRYABLE_REASONS = new Set([
  'rateLimitExceeded',
  'jobRateLimitExceeded',
  'backendError',
  'internalError',
]);

/** 429, 5xx and BigQuery's 403 `rateLimitExceeded` are retried. */
function classify(error: unknown): RetryDecision {
  const failure = error as {
    code?: number;
    errors?: Array<{ reason?: string }>;
  };
  return {
    retry:
      isRetryableStatus(failure.code) ||
      (failure.errors ?? []).some(e => RETRYABLE_REASONS.has(e.reason ?? '')) ||
      isNetworkError(error),
  };
}

function quoteTable(table: string): string {
  if (!/^[A-Za-z0-9_.:-]+$/.test(table)) {
    throw new Error(`options.table '${table}' is not a BigQuery table name`);
  }
  return `\`${table}\``;
}

/**
 * The query: the day × dimension × tag sums, computed by BigQuery, so only the groups leave it.
 * Tag values are read from FOCUS `Tags` (JSON, or JSON text) with JSON_VALUE; sums are exact
 * (BIGNUMERIC) and returned as text.
 */
export function bigQueryFocusQuery(table: string, tagKeys: string[]): string {
  const tags = tagKeys.map(
    (key, i) =>
      `JSON_VALUE(Tags, '$."${key.replace(/["'\\]/g, '')}"') AS tag_${i}`,
  );
  return `
SELECT
  FORMAT_DATE('%F', DATE(ChargePeriodStart)) AS day,
  BillingCurrency AS currency,
  ProviderName AS provider,
  ServiceName AS service,
  ServiceCategory AS service_category,
  RegionId AS region,
  SubAccountId AS sub_account,
  ${[...tags, ''].join(
    ',\n  ',
  )}CAST(SUM(CAST(EffectiveCost AS BIGNUMERIC)) AS STRING) AS amount,
  CAST(SUM(CAST(BilledCost AS BIGNUMERIC)) AS STRING) AS billed,
  COUNT(*) AS row_count
FROM ${quoteTable(table)}
WHERE ChargePeriodStart >= TIMESTAMP(@from_day)
  AND ChargePeriodStart < TIMESTAMP(DATE_ADD(@to_day, INTERVAL 1 DAY))
GROUP BY ${[
    'day',
    'currency',
    'provider',
    'service',
    'service_category',
    'region',
    'sub_account',
    ...tagKeys.map((_, i) => `tag_${i}`),
  ].join(', ')}`;
}

/**
 * Daily cost from the FOCUS view over a GCP Cloud Billing export in BigQuery. GCP's FOCUS data
 * lives in BigQuery, too big to move: the day × tag aggregation runs there (one query job per
 * run, only the current window's partitions scanned), and only its groups are paged out.
 *
 * @remarks
 * BigQuery bills on-demand queries by bytes scanned (see the pricing page of your edition);
 * `maximumBytesBilled` (default 10 GB) makes BigQuery refuse a run that would scan more. Partition
 * the export table by day and keep `lookbackDays` small to keep scans small.
 */
export class BigQueryFocusSource implements CostSource {
  readonly type = 'bigquery';
  readonly id: string;
  readonly lookbackDays: number;
  readonly #options: BigQueryFocusSourceOptions;

  static fromConfig(config: Config): BigQueryFocusSource {
    const maximumBytesBilled = config.getOptionalString(
      'options.maximumBytesBilled',
    );
    if (maximumBytesBilled && !/^\d+$/.test(maximumBytesBilled)) {
      throw new Error(
        `Invalid options.maximumBytesBilled '${maximumBytesBilled}': must be a whole number of bytes`,
      );
    }
    return new BigQueryFocusSource({
      id: config.getString('id'),
      table: config.getString('options.table'),
      projectId: config.getString('options.projectId'),
      location: config.getOptionalString('options.location'),
      lookbackDays: config.getOptionalNumber('lookbackDays'),
      tagKeys: config.getOptionalStringArray('options.tagKeys'),
      maximumBytesBilled,
      apiEndpoint: config.getOptionalString('options.apiEndpoint'),
      clientEmail: config.getOptionalString('options.clientEmail'),
      privateKey: config.getOptionalString('options.privateKey'),
    });
  }

  constructor(options: BigQueryFocusSourceOptions) {
    this.id = options.id;
    this.lookbackDays = options.lookbackDays ?? 35;
    this.#options = options;
    quoteTable(options.table);
  }

  async *ingest(options: CostIngestOptions): AsyncGenerator<CostRow[]> {
    const { window, logger, signal } = options;
    const from = window.from ?? window.to;
    const tagKeys = this.#options.tagKeys ?? CONTRACT_TAG_KEYS;
    const bigquery = new BigQuery({
      projectId: this.#options.projectId,
      apiEndpoint: this.#options.apiEndpoint,
      location: this.#options.location,
      autoRetry: false,
      authClient: this.#options.authClient,
      credentials:
        this.#options.clientEmail && this.#options.privateKey
          ? {
              client_email: this.#options.clientEmail,
              private_key: this.#options.privateKey,
            }
          : undefined,
    });
    const retry = <T>(what: string, call: () => Promise<T>) =>
      withRetries({
        what,
        call,
        classify,
        policy: this.#options.retry,
        signal,
        wait: this.#options.wait,
        onRetry: ({ delayMs }) =>
          logger.warn(
            `${what}: BigQuery asked to slow down; retrying in ${Math.round(
              delayMs,
            )} ms`,
          ),
      });
    try {
      const [job]: [Job, unknown] = await retry('BigQuery query job', () =>
        bigquery.createQueryJob({
          query: bigQueryFocusQuery(this.#options.table, tagKeys),
          params: {
            from_day: BigQuery.date(from),
            to_day: BigQuery.date(window.to),
          },
          location: this.#options.location,
          maximumBytesBilled:
            this.#options.maximumBytesBilled ?? DEFAULT_MAXIMUM_BYTES_BILLED,
          useLegacySql: false,
        }),
      );
      let pageToken: string | undefined;
      let pages = 0;
      for (;;) {
        signal?.throwIfAborted();
        const token = pageToken;
        const [rows, next, response] = await retry(
          `BigQuery results (page ${pages + 1})`,
          () =>
            job.getQueryResults({
              autoPaginate: false,
              maxResults: PAGE_SIZE,
              pageToken: token,
            }),
        );
        if ((response as { jobComplete?: boolean })?.jobComplete === false) {
          // Still running after the server's own wait (10 s): ask for the same page again.
          continue;
        }
        pages += 1;
        yield (rows as Array<Record<string, unknown>>).flatMap(row =>
          this.#row(row, tagKeys),
        );
        pageToken = (next as { pageToken?: string } | null)?.pageToken;
        if (!pageToken) {
          break;
        }
      }
      logger.info(
        `BigQuery: 1 query job and ${pages} result page(s) for ${from}..${
          window.to
        } from ${this.#options.table}`,
      );
    } catch (error) {
      throw redactError(error, [this.#options.privateKey]);
    }
  }

  #row(row: Record<string, unknown>, tagKeys: string[]): CostRow[] {
    const text = (value: unknown) =>
      value === null || value === undefined || value === ''
        ? undefined
        : String(value);
    const date = text(row.day);
    const currency = text(row.currency);
    const amount = text(row.amount);
    if (!date || !currency || !amount) {
      return [];
    }
    const tags: Record<string, string> = {};
    tagKeys.forEach((key, i) => {
      const value = text(row[`tag_${i}`]);
      if (value) {
        tags[key] = value;
      }
    });
    return [
      {
        date,
        amount,
        billedAmount: text(row.billed),
        currency,
        provider: text(row.provider),
        service: text(row.service),
        serviceCategory: text(row.service_category),
        region: text(row.region),
        subAccount: text(row.sub_account),
        tags,
        rowCount: Number(row.row_count ?? 1),
      },
    ];
  }
}
