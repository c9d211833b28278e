import { createApiRef } from '@backstage/frontend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  CostGranularity,
  CostGroupBy,
  EntityCostResponse,
  EntityHealthResponse,
  FleetResponse,
  StackCheckResponse,
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
 * Which clusters the fleet page lists.
 *
 * @public
 */
export interface GetFleetOptions {
  /** The owner of the clusters' Resources, e.g. `group:default/platform` (or `platform`). */
  owner?: string;
  /** `aws`, `gcp` or `azure`. */
  cloud?: string;
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
  /**
   * Every cluster of the Kubernetes backend the caller may see, with its health, node pools,
   * autoscalers and month-to-date cost, optionally filtered by owner and cloud.
   */
  getFleet(options?: GetFleetOptions): Promise<FleetResponse>;
  /**
   * The policy check (provider schemas, security rules, manifest checks) of the repository the
   * Create form's values would render. Rejects with a 400 `ResponseError` naming the fields when
   * the values do not make a stack.
   */
  checkStack(values: Record<string, unknown>): Promise<StackCheckResponse>;
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
