import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  type CompoundEntityRef,
  type Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  KUBERNETES_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION,
  kubernetesClustersReadPermission,
  kubernetesResourcesReadPermission,
} from '@backstage/plugin-kubernetes-common';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  type EntityHealthResponse,
  skyforgeHealthReadPermission,
} from '@skyforge/plugin-skyforge-common';
import {
  collectRollUpEntities,
  isRollUpKind,
} from '../catalog/collectRollUpEntities';
import { partitionByPermission } from '../permissions/partitionByPermission';
import type { Clock } from '../util/clock';
import { computeRollUpHealth } from './computeRollUpHealth';
import { clusterNameOf, isClusterResource } from './entitySelector';
import type { HealthService, KubernetesHealth } from './HealthService';

/** Whether an entity has health of its own: a cluster, or something mapped to Kubernetes objects. */
export function hasOwnHealth(entity: Entity): boolean {
  if (isClusterResource(entity)) return true;
  const kind = entity.kind.toLocaleLowerCase('en-US');
  const annotations = entity.metadata.annotations ?? {};
  return (
    (kind === 'component' || kind === 'resource') &&
    Boolean(
      annotations[KUBERNETES_ANNOTATION]?.trim() ||
        annotations[KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION]?.trim(),
    )
  );
}

/**
 * {@link HealthService} over the catalog (read with the caller's credentials), the permission
 * framework and {@link KubernetesHealth}: Components and Resources get the health of their own
 * objects, `kubernetes-cluster` Resources that of their cluster, Systems, Domains and Groups the
 * worst of their parts that the caller may read.
 */
export class DefaultHealthService implements HealthService {
  static create(options: {
    kubernetes: KubernetesHealth;
    catalog: CatalogService;
    permissions: PermissionsService;
    clock: Clock;
  }): DefaultHealthService {
    return new DefaultHealthService(options);
  }

  private constructor(
    private readonly options: {
      kubernetes: KubernetesHealth;
      catalog: CatalogService;
      permissions: PermissionsService;
      clock: Clock;
    },
  ) {}

  async getEntityHealth(request: {
    entityRef: CompoundEntityRef;
    credentials: BackstageCredentials;
  }): Promise<EntityHealthResponse> {
    const { catalog, permissions } = this.options;
    const { credentials } = request;
    const entityRef = stringifyEntityRef(request.entityRef);
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) {
      throw new NotFoundError(`No entity '${entityRef}'`);
    }
    // Health reads Kubernetes with Skyforge's own service credentials, so the caller's
    // Kubernetes permissions are checked here, as the Kubernetes backend's own routes would:
    // `kubernetes.resources.read` for any health (workloads, pods, autoscalers), and
    // `kubernetes.clusters.read` too for a cluster's own view (nodes, node pools). Health is no
    // side door around them.
    const [health, resources, clusters] = await permissions.authorize(
      [
        { permission: skyforgeHealthReadPermission, resourceRef: entityRef },
        { permission: kubernetesResourcesReadPermission },
        { permission: kubernetesClustersReadPermission },
      ],
      { credentials },
    );
    const clustersAllowed = clusters.result === AuthorizeResult.ALLOW;
    if (
      health.result !== AuthorizeResult.ALLOW ||
      resources.result !== AuthorizeResult.ALLOW ||
      (isClusterResource(entity) && !clustersAllowed)
    ) {
      throw new NotAllowedError(
        `Not allowed to read the health of '${entityRef}'`,
      );
    }
    if (isRollUpKind(entity)) {
      return this.#rollUp(entity, credentials, clustersAllowed);
    }
    return this.#ownHealth(entity);
  }

  #ownHealth(entity: Entity): Promise<EntityHealthResponse> {
    const { kubernetes } = this.options;
    return isClusterResource(entity)
      ? kubernetes.getClusterHealth({
          clusterName: clusterNameOf(entity),
          entityRef: stringifyEntityRef(entity),
        })
      : kubernetes.getWorkloadHealth({ entity });
  }

  async #rollUp(
    root: Entity,
    credentials: BackstageCredentials,
    clustersAllowed: boolean,
  ): Promise<EntityHealthResponse> {
    const { catalog, permissions, clock } = this.options;
    const related = await collectRollUpEntities({ root, catalog, credentials });
    // Only parts whose health the caller may read count, as their own pages would say.
    const { allowed, denied } = await partitionByPermission({
      entities: related.entities.filter(hasOwnHealth),
      permission: skyforgeHealthReadPermission,
      permissions,
      credentials,
    });
    const parts = allowed.filter(
      entity => clustersAllowed || !isClusterResource(entity),
    );
    const health = computeRollUpHealth({
      entityRef: stringifyEntityRef(root),
      parts: await Promise.all(
        parts.map(async entity => ({
          title: entity.metadata.title,
          health: await this.#ownHealth(entity),
        })),
      ),
      generatedAt: clock.now().toISOString(),
    });
    return {
      ...health,
      hiddenCount:
        related.unreadableCount +
        denied.length +
        (allowed.length - parts.length),
    };
  }
}
