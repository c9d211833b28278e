import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  CostGranularity,
  CostGroupBy,
  CostSourceStatus,
  EntityCostResponse,
} from '@skyforge/plugin-skyforge-common';

/** A cost request for one entity; days are inclusive `YYYY-MM-DD`. */
export interface EntityCostRequest {
  entityRef: CompoundEntityRef;
  from?: string;
  to?: string;
  /** Length of the period ending at `to` when `from` is not given (default 30). */
  days?: number;
  granularity: CostGranularity;
  groupBy: CostGroupBy;
  credentials: BackstageCredentials;
}

/** Serves the cost of catalog entities from ingested data. */
export interface EntityCostService {
  /**
   * The entity's cost. Throws NotAllowedError without `skyforge.cost.read` on the entity,
   * NotFoundError for an unknown entity.
   */
  getEntityCost(request: EntityCostRequest): Promise<EntityCostResponse>;
  /** Freshness and last error of every cost source (the caller checks `skyforge.cost.sources.read`). */
  listSources(): Promise<CostSourceStatus[]>;
}
