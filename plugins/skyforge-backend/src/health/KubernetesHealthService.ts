import type {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { readDurationFromConfig, type Config } from '@backstage/config';
import { ANNOTATION_KUBERNETES_AUTH_PROVIDER } from '@backstage/plugin-kubernetes-common';
import type { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import { durationToMilliseconds } from '@backstage/types';
import type {
  ClusterHealth,
  EntityHealthResponse,
} from '@skyforge/plugin-skyforge-common';
import type {
  KubernetesBackendAccess,
  KubernetesBackendAccessService,
} from '@skyforge/plugin-skyforge-node';
import { type Clock, systemClock } from '../util/clock';
import {
  computeClusterHealth,
  computeClusterResourceHealth,
  hasEntityObjects,
  unreachableClusterHealth,
} from './computeClusterHealth';
import { computeEntityHealth } from './computeEntityHealth';
import {
  type Deadline,
  deadlineIn,
  describeError,
  withTimeout,
} from './deadline';
import { entitySelector } from './entitySelector';
import { ExpiringCache } from './ExpiringCache';
import {
  fetchClusterWideObjects,
  fetchScaledObjects,
  fetchWorkloadObjects,
  SYSTEM_NAMESPACE,
  workloadObjectTypes,
  type ClusterWideObjects,
} from './fetchClusterObjects';
import type { KubernetesCluster, KubernetesHealth } from './HealthService';
import { KubernetesClusterReader } from './KubernetesClusterReader';
import type { ClusterObjects } from './kubernetesTypes';

/** Defaults of `skyforge.health.clusterTimeout` and `skyforge.health.cacheTtl`. */
export const DEFAULT_CLUSTER_TIMEOUT_MS = 5000;
export const DEFAULT_CACHE_TTL_MS = 5000;
/** Default of `skyforge.health.clusterCacheTtl`: nodes and autoscaler state, shared by all entities of a cluster. */
export const DEFAULT_CLUSTER_CACHE_TTL_MS = 30000;
/** Entities and clusters kept in the caches at most; the oldest go first. */
const MAX_CACHE_ENTRIES = 1000;

function readMilliseconds(
  config: Config,
  key: string,
  fallback: number,
): number {
  if (!config.has(key)) return fallback;
  const dot = key.lastIndexOf('.');
  return durationToMilliseconds(
    readDurationFromConfig(config.getConfig(key.slice(0, dot)), {
      key: key.slice(dot + 1),
    }),
  );
}

/** The cloud a cluster's auth provider implies, for clusters without a catalog Resource. */
const CLOUD_OF_AUTH_PROVIDER: Record<string, string> = {
  aws: 'aws',
  google: 'gcp',
  googleServiceAccount: 'gcp',
  azure: 'azure',
  aks: 'azure',
};

/**
 * Computes health from the clusters of Backstage's Kubernetes backend, read in-process through
 * its own services (cluster supplier, service locator, fetcher, auth strategy): no HTTP round
 * trip through its REST API, and no JSON serialised for it and parsed again.
 *
 * @remarks
 * Every cluster is read under one deadline per request, so one slow or failing cluster becomes
 * an error entry instead of holding the page. Clusters are listed with Skyforge's own service
 * credentials: which clusters exist is configuration, not the viewer's data, and the results
 * are shared by every viewer; the routes check the viewer's permissions first.
 *
 * Results are cached per entity and per cluster for `cacheTtl` (and served for as long again
 * while they are recomputed in the background), cluster-wide objects (nodes, autoscaler state)
 * per cluster for `clusterCacheTtl`, and concurrent requests share one computation, so many
 * viewers do not multiply the load on the clusters.
 */
export class KubernetesHealthService implements KubernetesHealth {
  readonly #access: KubernetesBackendAccessService;
  readonly #auth: AuthService;
  readonly #logger: LoggerService;
  readonly #clock: Clock;
  readonly #clusterTimeoutMs: number;
  readonly #healthCache: ExpiringCache<EntityHealthResponse>;
  readonly #clusterWideCache: ExpiringCache<ClusterWideObjects>;
  #reader?: {
    access: KubernetesBackendAccess;
    reader: KubernetesClusterReader;
  };

  static create(options: {
    access: KubernetesBackendAccessService;
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
  }): KubernetesHealthService {
    const { config } = options;
    const clock = options.clock ?? systemClock;
    const cacheTtlMs =
      options.cacheTtlMs ??
      readMilliseconds(
        config,
        'skyforge.health.cacheTtl',
        DEFAULT_CACHE_TTL_MS,
      );
    return new KubernetesHealthService({
      access: options.access,
      auth: options.auth,
      logger: options.logger,
      clock,
      clusterTimeoutMs:
        options.clusterTimeoutMs ??
        readMilliseconds(
          config,
          'skyforge.health.clusterTimeout',
          DEFAULT_CLUSTER_TIMEOUT_MS,
        ),
      // For as long again after the TTL, a stale answer is served at once while it is
      // recomputed in the background, so open pages never wait for their clusters.
      healthCache: new ExpiringCache({
        clock,
        ttlMs: cacheTtlMs,
        staleMs: cacheTtlMs,
        maxEntries: MAX_CACHE_ENTRIES,
      }),
      clusterWideCache: new ExpiringCache({
        clock,
        ttlMs:
          options.clusterCacheTtlMs ??
          readMilliseconds(
            config,
            'skyforge.health.clusterCacheTtl',
            DEFAULT_CLUSTER_CACHE_TTL_MS,
          ),
        maxEntries: MAX_CACHE_ENTRIES,
      }),
    });
  }

  private constructor(options: {
    access: KubernetesBackendAccessService;
    auth: AuthService;
    logger: LoggerService;
    clock: Clock;
    clusterTimeoutMs: number;
    healthCache: ExpiringCache<EntityHealthResponse>;
    clusterWideCache: ExpiringCache<ClusterWideObjects>;
  }) {
    this.#access = options.access;
    this.#auth = options.auth;
    this.#logger = options.logger;
    this.#clock = options.clock;
    this.#clusterTimeoutMs = options.clusterTimeoutMs;
    this.#healthCache = options.healthCache;
    this.#clusterWideCache = options.clusterWideCache;
  }

  async getWorkloadHealth(options: {
    entity: Entity;
  }): Promise<EntityHealthResponse> {
    const { entity } = options;
    const selector = entitySelector(entity);
    // The selector is part of the key so that a changed annotation takes effect at once.
    const key = `workloads|${stringifyEntityRef(entity)}|${
      selector.namespace ?? ''
    }|${selector.labelSelector}`;
    return this.#healthCache.get(key, () => this.#computeWorkloads(entity));
  }

  async getClusterHealth(options: {
    clusterName: string;
    entityRef?: string;
  }): Promise<EntityHealthResponse> {
    const { clusterName } = options;
    // One computation per cluster, whether its Resource or the fleet page asks.
    const health = await this.#healthCache.get(`cluster|${clusterName}`, () =>
      this.#computeCluster(clusterName, `cluster ${clusterName}`),
    );
    return options.entityRef
      ? { ...health, entityRef: options.entityRef }
      : health;
  }

  async listClusters(): Promise<KubernetesCluster[]> {
    const { access } = await this.#connect();
    const clusters = await withTimeout(
      deadlineIn(this.#clusterTimeoutMs),
      async () =>
        access.clusterSupplier.getClusters({
          credentials: await this.#credentials(),
        }),
    );
    return clusters.map(cluster => {
      const cloud =
        CLOUD_OF_AUTH_PROVIDER[
          cluster.authMetadata[ANNOTATION_KUBERNETES_AUTH_PROVIDER]
        ];
      return {
        name: cluster.name,
        ...(cluster.title && { title: cluster.title }),
        ...(cloud && { cloud }),
      };
    });
  }

  async #connect(): Promise<{
    access: KubernetesBackendAccess;
    reader: KubernetesClusterReader;
  }> {
    const access = await this.#access.get();
    if (this.#reader?.access !== access) {
      this.#reader = {
        access,
        reader: new KubernetesClusterReader({ access, clock: this.#clock }),
      };
    }
    return this.#reader;
  }

  #credentials(): Promise<BackstageCredentials> {
    return this.#auth.getOwnServiceCredentials();
  }

  #clusterWide(
    reader: KubernetesClusterReader,
    cluster: ClusterDetails,
  ): Promise<ClusterWideObjects> {
    // Shared by every entity of the cluster: not tied to one request's deadline.
    return this.#clusterWideCache.get(cluster.name, () =>
      fetchClusterWideObjects({ reader, cluster }),
    );
  }

  /** An answer without clusters, when the Kubernetes backend itself could not be asked. */
  #unknown(
    entityRef: string,
    view: 'workloads' | 'cluster',
    message: string,
  ): EntityHealthResponse {
    this.#logger.warn(`Health of ${entityRef}: ${message}`);
    return {
      entityRef,
      view,
      status: 'unknown',
      reasons: [message],
      clusters: [],
      generatedAt: this.#clock.now().toISOString(),
    };
  }

  /** Reads every cluster under the deadline; a cluster that fails or is too slow becomes an error entry. */
  async #readClusters(
    entityRef: string,
    clusters: ClusterDetails[],
    deadline: Deadline,
    read: (
      cluster: ClusterDetails,
      signal: AbortSignal,
    ) => Promise<ClusterHealth | undefined>,
  ): Promise<ClusterHealth[]> {
    const results = await Promise.all(
      clusters.map(async cluster => {
        try {
          return await withTimeout(deadline, signal => read(cluster, signal));
        } catch (error) {
          const message = describeError(error);
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
    return results.filter(
      (cluster): cluster is ClusterHealth => cluster !== undefined,
    );
  }

  async #computeWorkloads(entity: Entity): Promise<EntityHealthResponse> {
    const entityRef = stringifyEntityRef(entity);
    const selector = entitySelector(entity);
    const deadline = deadlineIn(this.#clusterTimeoutMs);
    let reader: KubernetesClusterReader;
    let clusters: ClusterDetails[];
    try {
      const connection = await this.#connect();
      reader = connection.reader;
      const credentials = await this.#credentials();
      ({ clusters } = await withTimeout(deadline, () =>
        connection.access.serviceLocator.getClustersByEntity(entity, {
          objectTypesToFetch: new Set(workloadObjectTypes),
          customResources: [],
          credentials,
        }),
      ));
    } catch (error) {
      return this.#unknown(
        entityRef,
        'workloads',
        `The Kubernetes backend did not list the clusters of ${entityRef}: ${describeError(
          error,
        )}`,
      );
    }
    const results = await this.#readClusters(
      entityRef,
      clusters,
      deadline,
      async (cluster, signal) => {
        const [workloads, clusterWide, scaledObjects] = await Promise.all([
          fetchWorkloadObjects({
            reader,
            cluster,
            serviceId: entity.metadata.name,
            labelSelector: selector.labelSelector,
            namespace: selector.namespace,
          }),
          this.#clusterWide(reader, cluster),
          fetchScaledObjects({ reader, cluster, selector, signal }),
        ]);
        const objects: ClusterObjects = {
          ...workloads,
          ...clusterWide,
          ...(scaledObjects && { scaledObjects }),
        };
        // Clusters that hold none of the entity's objects are left out.
        return hasEntityObjects(objects)
          ? computeClusterHealth({
              name: cluster.name,
              title: cluster.title,
              objects,
            })
          : undefined;
      },
    );
    return computeEntityHealth({
      entityRef,
      clusters: results,
      generatedAt: this.#clock.now().toISOString(),
      selector: `${selector.labelSelector}${
        selector.namespace ? ` in namespace ${selector.namespace}` : ''
      }`,
    });
  }

  async #computeCluster(
    clusterName: string,
    entityRef: string,
  ): Promise<EntityHealthResponse> {
    const deadline = deadlineIn(this.#clusterTimeoutMs);
    let reader: KubernetesClusterReader;
    let cluster: ClusterDetails | undefined;
    try {
      const connection = await this.#connect();
      reader = connection.reader;
      const credentials = await this.#credentials();
      const clusters = await withTimeout(deadline, () =>
        connection.access.clusterSupplier.getClusters({ credentials }),
      );
      cluster = clusters.find(candidate => candidate.name === clusterName);
    } catch (error) {
      return this.#unknown(
        entityRef,
        'cluster',
        `The Kubernetes backend did not list its clusters: ${describeError(
          error,
        )}`,
      );
    }
    if (!cluster) {
      return this.#unknown(
        entityRef,
        'cluster',
        `The Kubernetes backend has no cluster named '${clusterName}': register it with the kubernetes.io/api-server, kubernetes.io/api-server-certificate-authority and kubernetes.io/auth-provider annotations (catalog cluster locator), or name the configured cluster with the backstage.io/kubernetes-cluster annotation`,
      );
    }
    const clusters = await this.#readClusters(
      entityRef,
      [cluster],
      deadline,
      async current => {
        const [systemWorkloads, clusterWide] = await Promise.all([
          fetchWorkloadObjects({
            reader,
            cluster: current,
            serviceId: current.name,
            namespace: SYSTEM_NAMESPACE,
          }),
          this.#clusterWide(reader, current),
        ]);
        return computeClusterResourceHealth({
          name: current.name,
          title: current.title,
          objects: { ...systemWorkloads, ...clusterWide },
        });
      },
    );
    return computeEntityHealth({
      entityRef,
      view: 'cluster',
      clusters,
      generatedAt: this.#clock.now().toISOString(),
    });
  }
}
