import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { readDurationFromConfig, type Config } from '@backstage/config';
import type {
  ClusterHealth,
  EntityHealthResponse,
} from '@skyforge/plugin-skyforge-common';
import { Duration } from 'luxon';
import { type Clock, systemClock } from '../util/clock';
import type { HealthService } from './HealthService';
import {
  HttpKubernetesBackendClient,
  type KubernetesBackendClient,
  type WorkloadQueryResponse,
} from './KubernetesBackendClient';
import {
  computeClusterHealth,
  hasEntityObjects,
  unreachableClusterHealth,
} from './computeClusterHealth';
import { computeEntityHealth } from './computeEntityHealth';
import { ExpiringCache } from './ExpiringCache';
import { entitySelector } from './entitySelector';
import {
  fetchClusterWideObjects,
  fetchScaledObjects,
  fetchWorkloadObjects,
  workloadObjectsFromQuery,
  type ClusterWideObjects,
  type WorkloadObjects,
} from './fetchClusterObjects';
import type { ClusterObjects } from './kubernetesTypes';

/** Defaults of `skyforge.health.clusterTimeout` and `skyforge.health.cacheTtl`. */
export const DEFAULT_CLUSTER_TIMEOUT_MS = 5000;
export const DEFAULT_CACHE_TTL_MS = 5000;
/** Default of `skyforge.health.clusterCacheTtl`: nodes and autoscaler state, shared by all entities of a cluster. */
export const DEFAULT_CLUSTER_CACHE_TTL_MS = 30000;
/** The part of the timeout the Kubernetes backend's workload query may take before clusters are read one by one. */
const WORKLOAD_QUERY_SHARE = 0.6;
/** Entities kept in the cache at most; the oldest go first. */
const MAX_CACHE_ENTRIES = 1000;

function readMilliseconds(
  config: Config,
  key: string,
  fallback: number,
): number {
  if (!config.has(key)) return fallback;
  const [parent, leaf] = [
    key.slice(0, key.lastIndexOf('.')),
    key.slice(key.lastIndexOf('.') + 1),
  ];
  return Duration.fromObject(
    readDurationFromConfig(config.getConfig(parent), { key: leaf }),
  ).toMillis();
}

class TimeoutError extends Error {
  constructor(milliseconds: number) {
    super(`no answer within ${milliseconds} ms`);
    this.name = 'TimeoutError';
  }
}

/**
 * Runs work that honours an AbortSignal, and settles at the deadline even if the work does not
 * stop when aborted, so a stuck connection can never hold the caller.
 */
async function withTimeout<T>(
  deadline: { at: number; milliseconds: number },
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const error = new TimeoutError(deadline.milliseconds);
      controller.abort(error);
      reject(error);
    }, Math.max(0, deadline.at - performance.now()));
  });
  try {
    return await Promise.race([work(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** An error in words, with the network cause (`ECONNREFUSED`, ...) that `fetch` hides behind "fetch failed". */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause : undefined;
  const causeText = cause
    ? `${(cause as { code?: string }).code ?? cause.message}`
    : undefined;
  return causeText && !error.message.includes(causeText)
    ? `${error.message} (${causeText})`
    : error.message;
}

interface CacheEntry {
  promise: Promise<EntityHealthResponse>;
  /** Epoch milliseconds after which the entry is stale; undefined while in flight. */
  expiresAt?: number;
}

/**
 * The {@link HealthService} that reads every cluster through the Kubernetes backend's proxy,
 * each cluster under its own timeout, and computes health with the pure `compute*` functions.
 *
 * @remarks
 * The Kubernetes backend's workload query (`POST /resources/workloads/query`) fans out to all
 * clusters and answers only when the slowest one has, without a timeout of its own, so one slow
 * cluster would hold every entity page. The proxy lets each cluster be read and timed out on its
 * own, with the same cluster configuration and credentials.
 *
 * Results are cached per entity for a few seconds, and concurrent requests for the same entity
 * share one computation, so many viewers do not multiply the load on the clusters.
 */
export class KubernetesHealthService implements HealthService {
  readonly #client: KubernetesBackendClient;
  readonly #logger: LoggerService;
  readonly #clock: Clock;
  readonly #clusterTimeoutMs: number;
  readonly #cacheTtlMs: number;
  readonly #clusterWideCache: ExpiringCache<ClusterWideObjects>;
  readonly #cache = new Map<string, CacheEntry>();

  static create(options: {
    discovery: DiscoveryService;
    auth: AuthService;
    logger: LoggerService;
    config: Config;
    clock?: Clock;
    /** Overrides `skyforge.health.cacheTtl`. */
    cacheTtlMs?: number;
    /** Overrides `skyforge.health.clusterCacheTtl`. */
    clusterCacheTtlMs?: number;
    /** Overrides `skyforge.health.clusterTimeout`. */
    clusterTimeoutMs?: number;
    /** Overrides the HTTP client of the Kubernetes backend, e.g. in tests. */
    client?: KubernetesBackendClient;
  }): KubernetesHealthService {
    const { config } = options;
    return new KubernetesHealthService({
      client: options.client ?? HttpKubernetesBackendClient.create(options),
      logger: options.logger,
      clock: options.clock ?? systemClock,
      clusterTimeoutMs:
        options.clusterTimeoutMs ??
        readMilliseconds(
          config,
          'skyforge.health.clusterTimeout',
          DEFAULT_CLUSTER_TIMEOUT_MS,
        ),
      cacheTtlMs:
        options.cacheTtlMs ??
        readMilliseconds(
          config,
          'skyforge.health.cacheTtl',
          DEFAULT_CACHE_TTL_MS,
        ),
      clusterCacheTtlMs:
        options.clusterCacheTtlMs ??
        readMilliseconds(
          config,
          'skyforge.health.clusterCacheTtl',
          DEFAULT_CLUSTER_CACHE_TTL_MS,
        ),
    });
  }

  private constructor(options: {
    client: KubernetesBackendClient;
    logger: LoggerService;
    clock: Clock;
    clusterTimeoutMs: number;
    cacheTtlMs: number;
    clusterCacheTtlMs: number;
  }) {
    this.#client = options.client;
    this.#logger = options.logger;
    this.#clock = options.clock;
    this.#clusterTimeoutMs = options.clusterTimeoutMs;
    this.#cacheTtlMs = options.cacheTtlMs;
    this.#clusterWideCache = new ExpiringCache({
      clock: options.clock,
      ttlMs: options.clusterCacheTtlMs,
      maxEntries: 1000,
    });
  }

  async getEntityHealth(options: {
    entity: Entity;
    credentials: BackstageCredentials;
  }): Promise<EntityHealthResponse> {
    const { entity } = options;
    const selector = entitySelector(entity);
    // The selector is part of the key so that a changed annotation takes effect at once.
    const key = `${stringifyEntityRef(entity)}|${selector.namespace ?? ''}|${
      selector.labelSelector
    }`;
    const now = this.#clock.now().getTime();
    const cached = this.#cache.get(key);
    if (cached && (cached.expiresAt === undefined || cached.expiresAt > now)) {
      return cached.promise;
    }

    const entry: CacheEntry = { promise: this.#compute(entity) };
    this.#remember(key, entry, now);
    entry.promise.then(
      () => {
        entry.expiresAt = this.#clock.now().getTime() + this.#cacheTtlMs;
      },
      () => {
        if (this.#cache.get(key) === entry) this.#cache.delete(key);
      },
    );
    return entry.promise;
  }

  #remember(key: string, entry: CacheEntry, now: number) {
    for (const [otherKey, other] of this.#cache) {
      if (other.expiresAt !== undefined && other.expiresAt <= now)
        this.#cache.delete(otherKey);
    }
    this.#cache.delete(key);
    this.#cache.set(key, entry);
    while (this.#cache.size > MAX_CACHE_ENTRIES) {
      const oldest = this.#cache.keys().next().value;
      if (oldest === undefined) break;
      this.#cache.delete(oldest);
    }
  }

  /**
   * The Kubernetes backend's workload query, by cluster, or undefined when it fails or has not
   * answered within its share of the deadline. The query answers only when its slowest cluster
   * has, so it gets part of the time; the rest is left for reading each cluster on its own
   * through the proxy, where a slow cluster holds up nobody else.
   */
  async #queryWorkloads(
    entityRef: string,
    deadline: { at: number; milliseconds: number },
  ): Promise<Map<string, WorkloadQueryResponse['items'][number]> | undefined> {
    const share = {
      at: deadline.at - (1 - WORKLOAD_QUERY_SHARE) * deadline.milliseconds,
      milliseconds: Math.round(WORKLOAD_QUERY_SHARE * deadline.milliseconds),
    };
    try {
      const response = await withTimeout(share, signal =>
        this.#client.queryWorkloads({ entityRef, signal }),
      );
      return new Map(response.items.map(item => [item.cluster.name, item]));
    } catch (error) {
      this.#logger.info(
        `Health of ${entityRef}: reading each cluster on its own, as the workload query failed: ${describeError(
          error,
        )}`,
      );
      return undefined;
    }
  }

  async #compute(entity: Entity): Promise<EntityHealthResponse> {
    const entityRef = stringifyEntityRef(entity);
    const selector = entitySelector(entity);
    const selectorText = `${selector.labelSelector}${
      selector.namespace ? ` in namespace ${selector.namespace}` : ''
    }`;
    const generatedAt = () => this.#clock.now().toISOString();

    // One deadline for the whole request, so listing clusters and reading them stay within the timeout.
    const deadline = {
      at: performance.now() + this.#clusterTimeoutMs,
      milliseconds: this.#clusterTimeoutMs,
    };
    // The workload query needs no cluster list: start it first, so the two overlap. It never
    // rejects (a failure means reading each cluster on its own).
    const workloadQuery = this.#queryWorkloads(entityRef, deadline);
    let clusters;
    try {
      clusters = await withTimeout(deadline, signal =>
        this.#client.listClusters({ signal }),
      );
    } catch (error) {
      const message = `The Kubernetes backend did not list its clusters: ${describeError(
        error,
      )}`;
      this.#logger.warn(`Health of ${entityRef}: ${message}`);
      return {
        entityRef,
        status: 'unknown',
        reasons: [message],
        clusters: [],
        generatedAt: generatedAt(),
      };
    }

    const settle = <T>(promise: Promise<T>) => {
      promise.catch(() => undefined); // handled where awaited
      return promise;
    };
    const clusterSide = new Map(
      clusters.map(cluster => [
        cluster.name,
        settle(
          withTimeout(deadline, signal =>
            Promise.all([
              this.#clusterWideCache.get(cluster.name, () =>
                // Shared by every entity: not tied to this request's signal.
                fetchClusterWideObjects({
                  client: this.#client,
                  cluster: cluster.name,
                }),
              ),
              fetchScaledObjects({
                client: this.#client,
                cluster: cluster.name,
                selector,
                signal,
              }),
            ]),
          ),
        ),
      ]),
    );
    const workloadsByCluster = await workloadQuery;

    const results = await Promise.all(
      clusters.map(async (cluster): Promise<ClusterHealth | undefined> => {
        try {
          let workloads: WorkloadObjects;
          if (workloadsByCluster) {
            const item = workloadsByCluster.get(cluster.name);
            // The Kubernetes backend leaves out clusters without any of the entity's objects.
            if (!item) return undefined;
            workloads = workloadObjectsFromQuery(item);
          } else {
            workloads = await withTimeout(deadline, signal =>
              fetchWorkloadObjects({
                client: this.#client,
                cluster: cluster.name,
                selector,
                signal,
              }),
            );
          }
          const [clusterWide, scaledObjects] = await clusterSide.get(
            cluster.name,
          )!;
          const objects: ClusterObjects = {
            ...workloads,
            ...clusterWide,
            ...(scaledObjects && { scaledObjects }),
          };
          return hasEntityObjects(objects)
            ? computeClusterHealth({
                name: cluster.name,
                title: cluster.title,
                objects,
              })
            : undefined;
        } catch (error) {
          const message =
            error instanceof TimeoutError
              ? `timed out: ${error.message}`
              : describeError(error);
          this.#logger.warn(
            `Health of ${entityRef}: cluster ${cluster.name} could not be read: ${message}`,
          );
          return unreachableClusterHealth({
            name: cluster.name,
            title: cluster.title,
            error: message,
          });
        }
      }),
    );

    return computeEntityHealth({
      entityRef,
      clusters: results.filter(
        (cluster): cluster is ClusterHealth => cluster !== undefined,
      ),
      generatedAt: generatedAt(),
      selector: selectorText,
    });
  }
}
