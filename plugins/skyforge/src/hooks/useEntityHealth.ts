import { useApi } from '@backstage/core-plugin-api';
import { type Entity, getCompoundEntityRef } from '@backstage/catalog-model';
import type { EntityHealthResponse } from '@skyforge/plugin-skyforge-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { skyforgeApiRef } from '../api';

/**
 * Loads an entity's health from the Skyforge backend; reloads when the entity changes or when
 * `retry` is called.
 *
 * @public
 */
export function useEntityHealth(entity: Entity): {
  value?: EntityHealthResponse;
  loading: boolean;
  error?: Error;
  retry: () => void;
} {
  const skyforgeApi = useApi(skyforgeApiRef);
  const { kind, namespace, name } = getCompoundEntityRef(entity);
  const { value, loading, error, retry } = useAsyncRetry(
    () => skyforgeApi.getEntityHealth({ entityRef: { kind, namespace, name } }),
    [skyforgeApi, kind, namespace, name],
  );
  return { value, loading, error, retry };
}
