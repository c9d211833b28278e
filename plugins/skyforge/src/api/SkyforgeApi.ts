import { createApiRef } from '@backstage/frontend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  CostGranularity,
  CostGroupBy,
  EntityCostResponse,
  EntityHealthResponse,
} from '@skyforge/plugin-skyforge-common';

/**
 * What to fetch for an entity's cost. Omitted fields fall back to the backend's defaults.
 *
 * @public
 */
export interface GetEntityCostOptions {
  /** The entity whose cost to read; kind and namespace are matched case-insensitively. */
  entityRef: CompoundEntityRef;
  /** First day of the range, inclusive, as `YYYY-MM-DD`. */
  from?: string;
  /** The last N days up to `to` (or up to the latest data when `to` is not given). */
  days?: number;
  /** Last day of the range, inclusive, as `YYYY-MM-DD`. */
  to?: string;
  granularity?: CostGranularity;
  /** The dimension of the breakdown. */
  groupBy?: CostGroupBy;
}

/**
 * Which entity's health to fetch.
 *
 * @public
 */
export interface GetEntityHealthOptions {
  /** The entity whose health to read; kind and namespace are matched case-insensitively. */
  entityRef: CompoundEntityRef;
}

/**
 * Client for the Skyforge backend (`/api/skyforge`). One method per resource; every method
 * rejects with a `ResponseError` from `@backstage/errors` when the backend answers with an error.
 *
 * @public
 */
export interface SkyforgeApi {
  /** Cost of one catalog entity (for Systems and Groups: summed over their related entities). */
  getEntityCost(options: GetEntityCostOptions): Promise<EntityCostResponse>;
  /**
   * Health of one catalog entity's Kubernetes objects: a rolled-up status with reasons, and per
   * cluster its workloads, autoscalers, node pools and problems. A cluster that cannot be read is
   * reported inside the response, never as a failed request.
   */
  getEntityHealth(
    options: GetEntityHealthOptions,
  ): Promise<EntityHealthResponse>;
}

/**
 * Reference to the {@link SkyforgeApi}; the same ref serves the legacy and the new frontend system.
 *
 * @public
 */
export const skyforgeApiRef = createApiRef<SkyforgeApi>().with({
  id: 'plugin.skyforge.service',
  pluginId: 'skyforge',
});
