import { COMPONENT_TAG } from '@skyforge/plugin-skyforge-common';
import {
  CostExplorerClient,
  Expression,
  GetCostAndUsageCommand,
  GetCostAndUsageCommandOutput,
} from '@aws-sdk/client-cost-explorer';
import type { Config } from '@backstage/config';
import type {
  CostIngestOptions,
  CostRow,
  CostSource,
} from '@skyforge/plugin-skyforge-node';
import { addDays } from '../../util/dates';
import { redactError } from '../../util/redactSecrets';
import { Grouping, parseGroupings, readStringMap } from './billingApiOptions';
import {
  isNetworkError,
  isRetryableStatus,
  RetryDecision,
  RetryPolicy,
  withRetries,
} from './withRetries';

/** Dimensions the source maps onto cost-row fields. */
const DIMENSIONS = {
  SERVICE: 'service',
  REGION: 'region',
  LINKED_ACCOUNT: 'subAccount',
} as const;
const THROTTLING = new Set([
  'ThrottlingException',
  'LimitExceededException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
]);

export interface AwsCostExplorerSourceOptions {
  id: string;
  /** Days each run re-reads. Default 14: Cost Explorer restates recent days. */
  lookbackDays?: number;
  /** At most two groupings (Cost Explorer's limit). Default: the component tag and the service. */
  groupBy?: Grouping[];
  /** Only costs carrying these tags are queried, and every row carries them. */
  tags?: Record<string, string>;
  /** The cost metric. Default `AmortizedCost`, which FOCUS calls EffectiveCost. */
  metric?: string;
  region?: string;
  endpoint?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  retry?: Partial<RetryPolicy>;
  /** For tests: how waiting between attempts happens. */
  wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Throttling, server errors and network failures are retried; nothing else is. */
function classify(error: unknown): RetryDecision {
  const failure = error as {
    name?: string;
    $metadata?: { httpStatusCode?: number };
  };
  return {
    retry:
      THROTTLING.has(failure.name ?? '') ||
      isRetryableStatus(failure.$metadata?.httpStatusCode) ||
      isNetworkError(error),
  };
}

function tagFilter(tags: Record<string, string>): Expression | undefined {
  const expressions: Expression[] = Object.entries(tags).map(
    ([key, value]) => ({
      Tags: { Key: key, Values: [value], MatchOptions: ['EQUALS'] },
    }),
  );
  if (expressions.length <= 1) {
    return expressions[0];
  }
  return { And: expressions };
}

/**
 * Daily cost from the AWS Cost Explorer API (`GetCostAndUsage`), grouped by the attribution
 * tags, for accounts whose data is not exported or too big to move.
 *
 * @remarks
 * Cost Explorer charges $0.01 per request, each page included. One run makes one request for its
 * whole window (DAILY granularity, both metrics at once) plus one per further page; the log says
 * how many. With the default schedule (every 6 hours) that is about 4 requests a day, $1.20 a
 * month per source; a larger `lookbackDays` or more groups add pages. Tags must be activated as
 * cost allocation tags in the payer account before Cost Explorer groups by them.
 */
export class AwsCostExplorerSource implements CostSource {
  readonly type = 'aws-cost-explorer';
  readonly id: string;
  readonly lookbackDays: number;
  readonly #options: AwsCostExplorerSourceOptions;
  readonly #groupBy: Grouping[];
  readonly #client: CostExplorerClient;

  static fromConfig(config: Config): AwsCostExplorerSource {
    const id = config.getString('id');
    return new AwsCostExplorerSource({
      id,
      lookbackDays: config.getOptionalNumber('lookbackDays'),
      groupBy: parseGroupings(
        config.getOptionalStringArray('options.groupBy') ?? [
          'tag:skyforge-component',
          'dimension:SERVICE',
        ],
        { max: 2, dimensions: Object.keys(DIMENSIONS), source: id },
      ),
      tags: readStringMap(config, 'options.tags'),
      metric: config.getOptionalString('options.metric'),
      region: config.getOptionalString('options.region'),
      endpoint: config.getOptionalString('options.endpoint'),
      accessKeyId: config.getOptionalString('options.accessKeyId'),
      secretAccessKey: config.getOptionalString('options.secretAccessKey'),
      sessionToken: config.getOptionalString('options.sessionToken'),
    });
  }

  constructor(options: AwsCostExplorerSourceOptions) {
    this.id = options.id;
    this.lookbackDays = options.lookbackDays ?? 14;
    this.#options = options;
    this.#groupBy = options.groupBy ?? [
      { type: 'tag', key: COMPONENT_TAG },
      { type: 'dimension', key: 'SERVICE' },
    ];
    this.#client = new CostExplorerClient({
      // Cost Explorer's endpoint lives in us-east-1 for every account.
      region: options.region ?? 'us-east-1',
      endpoint: options.endpoint,
      // Retries (and their count) are this source's, see withRetries.
      maxAttempts: 1,
      credentials:
        options.accessKeyId && options.secretAccessKey
          ? {
              accessKeyId: options.accessKeyId,
              secretAccessKey: options.secretAccessKey,
              sessionToken: options.sessionToken,
            }
          : undefined,
    });
  }

  async *ingest(options: CostIngestOptions): AsyncGenerator<CostRow[]> {
    const { window, logger, signal } = options;
    const from = window.from ?? window.to;
    const metric = this.#options.metric ?? 'AmortizedCost';
    const tags = this.#options.tags ?? {};
    let nextPageToken: string | undefined;
    const counter = { requests: 0 };
    let pageNumber = 0;
    try {
      do {
        const token = nextPageToken;
        const page: GetCostAndUsageCommandOutput = await withRetries({
          what: `Cost Explorer GetCostAndUsage (page ${++pageNumber})`,
          call: () => {
            counter.requests += 1;
            return this.#client.send(
              new GetCostAndUsageCommand({
                // The end day is exclusive.
                TimePeriod: { Start: from, End: addDays(window.to, 1) },
                Granularity: 'DAILY',
                Metrics: [metric, 'UnblendedCost'],
                GroupBy: this.#groupBy.map(group => ({
                  Type: group.type === 'tag' ? 'TAG' : 'DIMENSION',
                  Key: group.key,
                })),
                Filter: tagFilter(tags),
                NextPageToken: token,
              }),
              { abortSignal: signal },
            );
          },
          classify,
          policy: this.#options.retry,
          signal,
          wait: this.#options.wait,
          onRetry: ({ delayMs, error }) =>
            logger.warn(
              `Cost Explorer asked to slow down (${
                (error as Error).name
              }); retrying in ${Math.round(delayMs)} ms`,
            ),
        });
        yield this.#rows(page, metric, tags);
        nextPageToken = page.NextPageToken;
      } while (nextPageToken);
    } catch (error) {
      throw redactError(error, [
        this.#options.secretAccessKey,
        this.#options.sessionToken,
      ]);
    }
    logger.info(
      `Cost Explorer: ${counter.requests} request(s) for ${from}..${
        window.to
      }, about $${(counter.requests * 0.01).toFixed(2)} at $0.01 per request`,
    );
  }

  #rows(
    page: GetCostAndUsageCommandOutput,
    metric: string,
    tags: Record<string, string>,
  ): CostRow[] {
    const rows: CostRow[] = [];
    for (const result of page.ResultsByTime ?? []) {
      const date = result.TimePeriod?.Start;
      if (!date) {
        continue;
      }
      for (const group of result.Groups ?? []) {
        const amount = group.Metrics?.[metric];
        if (!amount?.Amount || !amount.Unit) {
          continue;
        }
        const row: CostRow = {
          date,
          amount: amount.Amount,
          billedAmount: group.Metrics?.UnblendedCost?.Amount,
          currency: amount.Unit,
          provider: 'AWS',
          tags: { ...tags },
        };
        this.#groupBy.forEach((grouping, i) => {
          const key = group.Keys?.[i] ?? '';
          if (grouping.type === 'tag') {
            // Tag keys come back as `<tag key>$<value>`; untagged costs as `<tag key>$`.
            const value = key.slice(key.indexOf('$') + 1);
            if (value) {
              row.tags[grouping.key] = value;
            }
          } else if (key) {
            row[DIMENSIONS[grouping.key as keyof typeof DIMENSIONS]] = key;
          }
        });
        rows.push(row);
      }
    }
    return rows;
  }
}
