import { useApi } from '@backstage/core-plugin-api';
import { type Entity, getCompoundEntityRef } from '@backstage/catalog-model';
import type {
  CostGranularity,
  CostGroupBy,
  EntityCostResponse,
} from '@skyforge/plugin-skyforge-common';
import useAsync from 'react-use/esm/useAsync';
import { skyforgeApiRef } from '../api';

/**
 * The cost query of {@link useEntityCost}; omitted fields fall back to the backend's defaults.
 *
 * @public
 */
export interface EntityCostQuery {
  /** First day, inclusive, `YYYY-MM-DD`. */
  from?: string;
  /** The last N days up to `to` (or up to the latest data when `to` is not given). */
  days?: number;
  /** Last day, inclusive, `YYYY-MM-DD`. */
  to?: string;
  granularity?: CostGranularity;
  groupBy?: CostGroupBy;
}

/**
 * Loads an entity's cost from the Skyforge backend; reloads when the entity or the query changes.
 *
 * @public
 */
export function useEntityCost(
  entity: Entity,
  query: EntityCostQuery = {},
): {
  value?: EntityCostResponse;
  loading: boolean;
  error?: Error;
} {
  const skyforgeApi = useApi(skyforgeApiRef);
  const { kind, namespace, name } = getCompoundEntityRef(entity);
  const { from, to, days, granularity, groupBy } = query;
  const { value, loading, error } = useAsync(
    () =>
      skyforgeApi.getEntityCost({
        entityRef: { kind, namespace, name },
        from,
        to,
        days,
        granularity,
        groupBy,
      }),
    [skyforgeApi, kind, namespace, name, from, to, days, granularity, groupBy],
  );
  return { value, loading, error };
}
