import type {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  type Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import {
  kubernetesClustersReadPermission,
  kubernetesResourcesReadPermission,
} from '@backstage/plugin-kubernetes-common';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ANNOTATION_CLOUD,
  ANNOTATION_ENVIRONMENT,
  ANNOTATION_REGION,
  type FleetCluster,
  type FleetClusterCost,
  type FleetResponse,
  skyforgeHealthReadPermission,
} from '@skyforge/plugin-skyforge-common';
import { clusterNameOf } from '../health/entitySelector';
import type { KubernetesHealth } from '../health/HealthService';
import type { EntityCostService } from '../service/EntityCostService';
import type { Clock } from '../util/clock';
import type { FleetService } from './FleetService';

/** The owner of a Resource as a full entity ref (`platform` → `group:default/platform`). */
function ownerRef(entity: Entity): string | undefined {
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner) return undefined;
  return stringifyEntityRef(
    parseEntityRef(owner, {
      defaultKind: 'group',
      defaultNamespace: entity.metadata.namespace ?? 'default',
    }),
  );
}

function normalizeOwner(owner: string): string {
  return stringifyEntityRef(
    parseEntityRef(owner, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    }),
  );
}

/**
 * {@link FleetService}: the Kubernetes backend's clusters, joined with the `kubernetes-cluster`
 * Resources the caller may read in the catalog (owner, cloud, region, environment, cost
 * selector), each with its cluster health and, with `skyforge.cost.read`, the month-to-date
 * cost and month-end forecast its cost selector picks.
 */
export class DefaultFleetService implements FleetService {
  static create(options: {
    kubernetes: KubernetesHealth;
    catalog: CatalogService;
    permissions: PermissionsService;
    costService: EntityCostService;
    logger: LoggerService;
    clock: Clock;
  }): DefaultFleetService {
    return new DefaultFleetService(options);
  }

  private constructor(
    private readonly options: {
      kubernetes: KubernetesHealth;
      catalog: CatalogService;
      permissions: PermissionsService;
      costService: EntityCostService;
      logger: LoggerService;
      clock: Clock;
    },
  ) {}

  async getFleet(request: {
    credentials: BackstageCredentials;
    owner?: string;
    cloud?: string;
  }): Promise<FleetResponse> {
    const { kubernetes, catalog, permissions } = this.options;
    const { credentials } = request;
    const decisions = await permissions.authorize(
      [
        { permission: kubernetesClustersReadPermission },
        { permission: kubernetesResourcesReadPermission },
      ],
      { credentials },
    );
    if (decisions.some(decision => decision.result !== AuthorizeResult.ALLOW)) {
      throw new NotAllowedError('Not allowed to read the clusters');
    }
    const [clusters, { items: resources }] = await Promise.all([
      kubernetes.listClusters(),
      catalog.getEntities(
        { filter: { kind: 'Resource', 'spec.type': 'kubernetes-cluster' } },
        { credentials },
      ),
    ]);
    const healthDecisions =
      resources.length > 0
        ? await permissions.authorize(
            resources.map(resource => ({
              permission: skyforgeHealthReadPermission,
              resourceRef: stringifyEntityRef(resource),
            })),
            { credentials },
          )
        : [];
    const resourceByCluster = new Map<string, Entity>();
    const hidden = new Set<string>();
    resources.forEach((resource, index) => {
      const name = clusterNameOf(resource);
      if (healthDecisions[index].result === AuthorizeResult.ALLOW) {
        resourceByCluster.set(name, resource);
      } else {
        hidden.add(name);
      }
    });

    const rows = clusters
      .filter(cluster => !hidden.has(cluster.name))
      .map(cluster => {
        const resource = resourceByCluster.get(cluster.name);
        const annotations = resource?.metadata.annotations ?? {};
        const owner = resource && ownerRef(resource);
        const cloud = annotations[ANNOTATION_CLOUD] || cluster.cloud;
        return {
          cluster,
          resource,
          owner,
          cloud,
          region: annotations[ANNOTATION_REGION] || undefined,
          environment: annotations[ANNOTATION_ENVIRONMENT] || undefined,
        };
      });
    const owners = [
      ...new Set(rows.flatMap(row => (row.owner ? [row.owner] : []))),
    ].sort();
    const clouds = [
      ...new Set(rows.flatMap(row => (row.cloud ? [row.cloud] : []))),
    ].sort();
    const owner = request.owner && normalizeOwner(request.owner);
    const selected = rows
      .filter(row => !owner || row.owner === owner)
      .filter(row => !request.cloud || row.cloud === request.cloud)
      .sort((a, b) => a.cluster.name.localeCompare(b.cluster.name));

    return {
      clusters: await Promise.all(
        selected.map(async (row): Promise<FleetCluster> => {
          const entityRef = row.resource && stringifyEntityRef(row.resource);
          const [health, cost] = await Promise.all([
            kubernetes.getClusterHealth({
              clusterName: row.cluster.name,
              ...(entityRef && { entityRef }),
            }),
            entityRef ? this.#cost(entityRef, credentials) : undefined,
          ]);
          const costHidden = cost === 'hidden';
          const clusterHealth = health.clusters[0];
          const title = row.resource?.metadata.title ?? row.cluster.title;
          return {
            name: row.cluster.name,
            ...(title && { title }),
            ...(entityRef && { entityRef }),
            ...(row.owner && { owner: row.owner }),
            ...(row.cloud && { cloud: row.cloud }),
            ...(row.region && { region: row.region }),
            ...(row.environment && { environment: row.environment }),
            status: health.status,
            reachable: clusterHealth?.reachable ?? false,
            ...(clusterHealth?.error && { error: clusterHealth.error }),
            reasons: health.reasons,
            ...(clusterHealth?.nodesTotal !== undefined && {
              nodesReady: clusterHealth.nodesReady,
              nodesTotal: clusterHealth.nodesTotal,
            }),
            nodePools: clusterHealth?.nodePools ?? [],
            // A cluster's scalers are its cluster autoscaler and Karpenter NodePools.
            autoscalers: clusterHealth?.scalers ?? [],
            ...(Array.isArray(cost) && { cost }),
            ...(costHidden && { costHidden }),
          };
        }),
      ),
      hiddenCount: clusters.length - rows.length,
      owners,
      clouds,
      generatedAt: this.options.clock.now().toISOString(),
    };
  }

  /** The month-to-date cost and forecast of a cluster's Resource; `hidden` when not allowed, undefined when failing. */
  async #cost(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<FleetClusterCost[] | 'hidden' | undefined> {
    try {
      const cost = await this.options.costService.getEntityCost({
        entityRef: parseEntityRef(entityRef),
        days: 1,
        granularity: 'month',
        groupBy: 'cloud',
        credentials,
      });
      const month = cost.to.slice(0, 7);
      return cost.currencies.map(currency => ({
        currency: currency.currency,
        month,
        monthToDate: currency.monthToDate,
        forecastMonthEnd: currency.forecast.monthEnd,
      }));
    } catch (error) {
      if (error instanceof NotAllowedError) {
        return 'hidden';
      }
      this.options.logger.warn(
        `Fleet: the cost of ${entityRef} could not be read: ${
          (error as Error).message
        }`,
      );
      return undefined;
    }
  }
}
