import { COMPONENT_TAG } from '@skyforge/plugin-skyforge-common';
import type { Config } from '@backstage/config';
import type {
  CostIngestOptions,
  CostRow,
  CostSource,
} from '@skyforge/plugin-skyforge-node';
import { addDays, enumerateDays } from '../../util/dates';

/** The part of an OpenCost allocation this source reads. */
interface OpenCostAllocation {
  name?: string;
  totalCost?: number;
}

interface OpenCostAllocationResponse {
  code?: number;
  message?: string;
  data?: Array<Record<string, OpenCostAllocation | null> | null>;
}

export interface OpenCostSourceOptions {
  id: string;
  /** Base URL of the OpenCost API, e.g. `http://opencost.opencost:9003`. */
  baseUrl: string;
  /** Cluster name, stored as the `kubernetes-cluster` tag and as the sub-account. */
  cluster: string;
  /** OpenCost aggregation. Default `label:backstage.io/kubernetes-id`. */
  aggregate?: string;
  /** Tag key that receives the aggregate value. Default `skyforge-component`. */
  tagKey?: string;
  /** Extra tags for every row of this cluster, e.g. `{ environment: 'prod' }`. */
  tags?: Record<string, string>;
  /** Currency of OpenCost's figures. Default `USD`. */
  currency?: string;
  /** Cloud shown for these rows. Default `Kubernetes`. */
  provider?: string;
  region?: string;
  /** Days covered by each run. Default 7. */
  lookbackDays?: number;
  /** Bearer token, if OpenCost sits behind an authenticating proxy. */
  token?: string;
  /**
   * Selectors of the billing rows of this cluster's nodes, which the allocations replace.
   * Default `kubernetes-cluster=<cluster>`; `[]` turns the replacement off.
   */
  replaces?: string[];
  fetch?: typeof fetch;
}

/**
 * Reads in-cluster cost from the OpenCost `/allocation` API: one request per day of the window,
 * aggregated by the entity label, so workloads sharing a cluster each get their share. Each
 * allocation's `totalCost` becomes one row tagged with the aggregate value (under `tagKey` and
 * under the label name itself) plus the cluster and the configured tags. OpenCost's `__idle__`
 * and `__unallocated__` buckets are kept as rows of their own, so the cluster total is complete;
 * no entity selects them unless asked to.
 *
 * Billing exports carry the same cluster's node cost: rows of other sources tagged
 * `kubernetes-cluster=<cluster>` (or matching `replaces`) count toward no entity while this
 * source is configured, so the nodes are not counted twice.
 */
export class OpenCostSource implements CostSource {
  readonly type = 'opencost';
  readonly id: string;
  readonly lookbackDays: number;
  /**
   * The cluster's node rows in billing exports (tagged `kubernetes-cluster=<cluster>` like this
   * source's own rows): OpenCost splits that same cost among the workloads, so it replaces them.
   */
  readonly replaces: string[];
  readonly #options: OpenCostSourceOptions;
  readonly #fetch: typeof fetch;

  static fromConfig(config: Config): OpenCostSource {
    const tagsConfig = config.getOptionalConfig('options.tags');
    const tags: Record<string, string> = {};
    for (const key of tagsConfig?.keys() ?? []) {
      tags[key] = tagsConfig!.getString(key);
    }
    return new OpenCostSource({
      id: config.getString('id'),
      baseUrl: config.getString('options.baseUrl'),
      cluster: config.getString('options.cluster'),
      aggregate: config.getOptionalString('options.aggregate'),
      tagKey: config.getOptionalString('options.tagKey'),
      tags,
      currency: config.getOptionalString('options.currency'),
      provider: config.getOptionalString('options.provider'),
      region: config.getOptionalString('options.region'),
      lookbackDays: config.getOptionalNumber('lookbackDays'),
      token: config.getOptionalString('options.token'),
      replaces: config.getOptionalStringArray('options.replaces'),
    });
  }

  constructor(options: OpenCostSourceOptions) {
    this.id = options.id;
    this.lookbackDays = options.lookbackDays ?? 7;
    this.replaces = options.replaces ?? [
      `kubernetes-cluster=${options.cluster}`,
    ];
    this.#options = options;
    this.#fetch = options.fetch ?? fetch;
  }

  async *ingest(options: CostIngestOptions): AsyncGenerator<CostRow> {
    const { window, signal } = options;
    const from = window.from ?? addDays(window.to, -(this.lookbackDays - 1));
    const aggregate =
      this.#options.aggregate ?? 'label:backstage.io/kubernetes-id';
    const labelKey = aggregate.startsWith('label:')
      ? aggregate.slice('label:'.length)
      : aggregate;
    const tagKey = this.#options.tagKey ?? COMPONENT_TAG;
    const cluster = this.#options.cluster;
    const baseUrl = this.#options.baseUrl.replace(/\/+$/, '');

    for (const day of enumerateDays(from, window.to)) {
      const url = new URL(`${baseUrl}/allocation`);
      url.searchParams.set(
        'window',
        `${day}T00:00:00Z,${addDays(day, 1)}T00:00:00Z`,
      );
      url.searchParams.set('aggregate', aggregate);
      url.searchParams.set('accumulate', 'true');
      const response = await this.#fetch(url, {
        headers: this.#options.token
          ? { authorization: `Bearer ${this.#options.token}` }
          : undefined,
        signal,
      });
      if (!response.ok) {
        throw new Error(
          `OpenCost for cluster '${cluster}' answered ${response.status} ${response.statusText} for ${day}`,
        );
      }
      const body = (await response.json()) as OpenCostAllocationResponse;
      if (body.code !== undefined && body.code !== 200) {
        throw new Error(
          `OpenCost for cluster '${cluster}' returned code ${
            body.code
          } for ${day}: ${body.message ?? 'no message'}`,
        );
      }
      for (const set of body.data ?? []) {
        for (const [key, allocation] of Object.entries(set ?? {})) {
          const totalCost = allocation?.totalCost;
          if (typeof totalCost !== 'number' || !Number.isFinite(totalCost)) {
            continue;
          }
          yield {
            date: day,
            amount: totalCost,
            currency: this.#options.currency ?? 'USD',
            provider: this.#options.provider ?? 'Kubernetes',
            service: 'Kubernetes workloads',
            serviceCategory: 'Compute',
            region: this.#options.region,
            subAccount: cluster,
            resourceId: `${cluster}/${key}`,
            tags: {
              [labelKey]: key,
              [tagKey]: key,
              'kubernetes-cluster': cluster,
              ...this.#options.tags,
            },
          };
        }
      }
    }
  }
}
