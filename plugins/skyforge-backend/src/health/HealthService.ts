import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { EntityHealthResponse } from '@skyforge/plugin-skyforge-common';

/** Computes the health of catalog entities from the Kubernetes clusters they run in. */
export interface HealthService {
  /**
   * The entity's rolled-up health and per-cluster detail. Never rejects because of one cluster:
   * a cluster that fails or is too slow becomes a per-cluster error.
   */
  getEntityHealth(options: {
    entity: Entity;
    credentials: BackstageCredentials;
  }): Promise<EntityHealthResponse>;
}
