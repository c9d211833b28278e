import { COMPONENT_TAG } from '@skyforge/plugin-skyforge-common';
import type { Agent } from 'node:https';
import {
  CostManagementClient,
  QueryDefinition,
  QueryFilter,
  QueryResult,
} from '@azure/arm-costmanagement';
import {
  createHttpHeaders,
  createPipelineRequest,
} from '@azure/core-rest-pipeline';
import {
  ClientSecretCredential,
  DefaultAzureCredential,
  TokenCredential,
} from '@azure/identity';
import type { Config } from '@backstage/config';
import type {
  CostIngestOptions,
  CostRow,
  CostSource,
} from '@skyforge/plugin-skyforge-node';
import { redactError } from '../../util/redactSecrets';
import { Grouping, parseGroupings, readStringMap } from './billingApiOptions';
import {
  isNetworkError,
  isRetryableStatus,
  RetryDecision,
  RetryPolicy,
  retryAfterMs,
  withRetries,
} from './withRetries';

/** Dimensions the source maps onto cost-row fields. */
const DIMENSIONS = {
  ServiceName: 'service',
  ResourceLocation: 'region',
  SubscriptionId: 'subAccount',
} as const;

export interface AzureCostManagementSourceOptions {
  id: string;
  /** The scope queried, e.g. `/subscriptions/<id>` or a billing account. */
  scope: string;
  lookbackDays?: number;
  /** `AmortizedCost` (default; FOCUS EffectiveCost) or `ActualCost`. */
  costType?: 'AmortizedCost' | 'ActualCost';
  /** At most two groupings, at most one of them a tag key (the API's limits). */
  groupBy?: Grouping[];
  /** Only costs carrying these tags are queried, and every row carries them. */
  tags?: Record<string, string>;
  /** Azure Resource Manager's endpoint. Default `https://management.azure.com`. */
  endpoint?: string;
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  retry?: Partial<RetryPolicy>;
  /** For tests: the credential, the HTTPS agent and how waiting between attempts happens. */
  credential?: TokenCredential;
  agent?: Agent;
  wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

interface AzureError {
  statusCode?: number;
  message?: string;
  response?: {
    headers: {
      get(name: string): string | undefined;
      toJSON(): Record<string, string>;
    };
  };
}

/**
 * 429 (Cost Management's rate limits are per scope, tenant and client) and server errors are
 * retried after the wait the API names in `x-ms-ratelimit-microsoft.costmanagement-*-retry-after`
 * or `Retry-After`.
 */
function classify(error: unknown): RetryDecision {
  const failure = error as AzureError;
  if (!isRetryableStatus(failure.statusCode) && !isNetworkError(error)) {
    return { retry: false };
  }
  const headers = failure.response?.headers.toJSON() ?? {};
  const waits = Object.entries(headers)
    .filter(([name]) => /(^|-)retry-after$/i.test(name))
    .map(([, value]) => retryAfterMs(value))
    .filter((ms): ms is number => ms !== undefined);
  return {
    retry: true,
    afterMs: waits.length > 0 ? Math.max(...waits) : undefined,
  };
}

function tagFilter(tags: Record<string, string>): QueryFilter | undefined {
  const filters: QueryFilter[] = Object.entries(tags).map(([name, value]) => ({
    tags: { name, operator: 'In', values: [value] },
  }));
  return filters.length <= 1 ? filters[0] : { and: filters };
}

/** `20241104` → `2024-11-04`. */
function usageDay(value: unknown): string | undefined {
  const text = String(value ?? '');
  return /^\d{8}$/.test(text)
    ? `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`
    : undefined;
}

/**
 * Daily cost from the Azure Cost Management Query API, grouped by an attribution tag and a
 * dimension, for scopes that export nothing.
 *
 * @remarks
 * The Query API costs nothing per request but is rate limited per scope and tenant (HTTP 429
 * with the wait to observe), and takes at most two groupings per query, of which at most one tag
 * key. One run makes one query for its whole window plus one request per further page
 * (`nextLink`). Group the rows by environment with one source per environment's scope, or with
 * `tags: { environment: prod }`, which filters the query and tags the rows.
 */
export class AzureCostManagementSource implements CostSource {
  readonly type = 'azure-cost-management';
  readonly id: string;
  readonly lookbackDays: number;
  readonly #options: AzureCostManagementSourceOptions;
  readonly #groupBy: Grouping[];

  static fromConfig(config: Config): AzureCostManagementSource {
    const id = config.getString('id');
    const costType = config.getOptionalString('options.costType');
    if (costType && !['AmortizedCost', 'ActualCost'].includes(costType)) {
      throw new Error(
        `Invalid options.costType '${costType}' of cost source '${id}': must be AmortizedCost or ActualCost`,
      );
    }
    return new AzureCostManagementSource({
      id,
      scope: config.getString('options.scope'),
      lookbackDays: config.getOptionalNumber('lookbackDays'),
      costType: costType as AzureCostManagementSourceOptions['costType'],
      groupBy: parseGroupings(
        config.getOptionalStringArray('options.groupBy') ?? [
          'tag:skyforge-component',
          'dimension:ServiceName',
        ],
        { max: 2, dimensions: Object.keys(DIMENSIONS), source: id },
      ),
      tags: readStringMap(config, 'options.tags'),
      endpoint: config.getOptionalString('options.endpoint'),
      tenantId: config.getOptionalString('options.tenantId'),
      clientId: config.getOptionalString('options.clientId'),
      clientSecret: config.getOptionalString('options.clientSecret'),
    });
  }

  constructor(options: AzureCostManagementSourceOptions) {
    this.id = options.id;
    this.lookbackDays = options.lookbackDays ?? 14;
    this.#options = options;
    this.#groupBy = options.groupBy ?? [
      { type: 'tag', key: COMPONENT_TAG },
      { type: 'dimension', key: 'ServiceName' },
    ];
    if (this.#groupBy.filter(group => group.type === 'tag').length > 1) {
      throw new Error(
        `options.groupBy of cost source '${options.id}' may hold one tag key: Cost Management groups by one TagKey per query`,
      );
    }
  }

  #credential(): TokenCredential {
    const { credential, tenantId, clientId, clientSecret } = this.#options;
    if (credential) {
      return credential;
    }
    return tenantId && clientId && clientSecret
      ? new ClientSecretCredential(tenantId, clientId, clientSecret)
      : new DefaultAzureCredential();
  }

  async *ingest(options: CostIngestOptions): AsyncGenerator<CostRow[]> {
    const { window, logger, signal } = options;
    const from = window.from ?? window.to;
    const client = new CostManagementClient(this.#credential(), {
      endpoint: this.#options.endpoint,
      agent: this.#options.agent,
      // Retries (and their count) are this source's, see withRetries.
      retryOptions: { maxRetries: 0 },
    });
    const query: QueryDefinition = {
      type: this.#options.costType ?? 'AmortizedCost',
      timeframe: 'Custom',
      timePeriod: {
        from: new Date(`${from}T00:00:00Z`),
        to: new Date(`${window.to}T23:59:59Z`),
      },
      dataset: {
        granularity: 'Daily',
        aggregation: { totalCost: { name: 'Cost', function: 'Sum' } },
        grouping: this.#groupBy.map(group => ({
          type: group.type === 'tag' ? 'TagKey' : 'Dimension',
          name: group.key,
        })),
        filter: tagFilter(this.#options.tags ?? {}),
      },
    };
    const counter = { requests: 0 };
    let pageNumber = 1;
    try {
      let page: QueryResult = await this.#attempt(
        () =>
          // The client puts the scope after a slash of its own.
          client.query.usage(this.#options.scope.replace(/^\/+/, ''), query, {
            abortSignal: signal,
          }),
        1,
        counter,
        options,
      );
      yield this.#rows(page);
      while (page.nextLink) {
        const nextLink = page.nextLink;
        page = await this.#attempt(
          async () => {
            // The Query API pages with a nextLink to POST the same body to.
            const response = await client.sendRequest(
              createPipelineRequest({
                url: nextLink,
                method: 'POST',
                body: JSON.stringify(queryBody(query)),
                headers: createHttpHeaders({
                  'content-type': 'application/json',
                }),
                abortSignal: signal,
              }),
            );
            if (response.status >= 400) {
              throw Object.assign(
                new Error(
                  `Cost Management answered ${response.status}: ${
                    response.bodyAsText ?? ''
                  }`,
                ),
                { statusCode: response.status, response },
              );
            }
            const body = JSON.parse(response.bodyAsText ?? '{}');
            return { ...body.properties } as QueryResult;
          },
          ++pageNumber,
          counter,
          options,
        );
        yield this.#rows(page);
      }
    } catch (error) {
      throw redactError(error, [this.#options.clientSecret]);
    }
    logger.info(
      `Cost Management: ${counter.requests} request(s) for ${from}..${
        window.to
      } at ${this.#options.scope}`,
    );
  }

  #attempt<T>(
    call: () => Promise<T>,
    page: number,
    counter: { requests: number },
    options: CostIngestOptions,
  ): Promise<T> {
    return withRetries({
      what: `Cost Management query (page ${page})`,
      call: () => {
        counter.requests += 1;
        return call();
      },
      classify,
      policy: this.#options.retry,
      signal: options.signal,
      wait: this.#options.wait,
      onRetry: ({ delayMs }) =>
        options.logger.warn(
          `Cost Management asked to slow down; retrying in ${Math.round(
            delayMs,
          )} ms`,
        ),
    });
  }

  #rows(page: QueryResult): CostRow[] {
    const columns = (page.columns ?? []).map(column => column.name ?? '');
    const at = (name: string) =>
      columns.findIndex(column => column.toLowerCase() === name.toLowerCase());
    const [cost, date, currency, tagKey, tagValue] = [
      'totalCost',
      'UsageDate',
      'Currency',
      'TagKey',
      'TagValue',
    ].map(at);
    const rows: CostRow[] = [];
    for (const values of page.rows ?? []) {
      const day = usageDay(values[date]);
      const amount = values[cost];
      if (!day || (typeof amount !== 'number' && typeof amount !== 'string')) {
        continue;
      }
      const row: CostRow = {
        date: day,
        amount,
        currency: String(values[currency] ?? 'USD'),
        provider: 'Microsoft',
        tags: { ...this.#options.tags },
      };
      for (const grouping of this.#groupBy) {
        if (grouping.type === 'tag') {
          const value = tagKey >= 0 ? values[tagValue] : undefined;
          if (value && values[tagKey]) {
            row.tags[grouping.key] = String(value);
          }
        } else {
          const value = values[at(grouping.key)];
          if (value) {
            row[DIMENSIONS[grouping.key as keyof typeof DIMENSIONS]] =
              String(value);
          }
        }
      }
      rows.push(row);
    }
    return rows;
  }
}

/** The wire form of a query (dates as ISO text), for the nextLink requests. */
function queryBody(query: QueryDefinition) {
  return {
    ...query,
    timePeriod: query.timePeriod && {
      from: query.timePeriod.from.toISOString(),
      to: query.timePeriod.to.toISOString(),
    },
  };
}
