import { useApi } from '@backstage/core-plugin-api';
import type { FleetResponse } from '@skyforge/plugin-skyforge-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { type GetFleetOptions, skyforgeApiRef } from '../api';

/**
 * Loads the fleet (every cluster with health and cost) from the Skyforge backend; reloads when
 * the filters change or when `retry` is called.
 *
 * @public
 */
export function useFleet(options: GetFleetOptions): {
  value?: FleetResponse;
  loading: boolean;
  error?: Error;
  retry: () => void;
} {
  const skyforgeApi = useApi(skyforgeApiRef);
  const { owner, cloud } = options;
  const { value, loading, error, retry } = useAsyncRetry(
    () => skyforgeApi.getFleet({ owner, cloud }),
    [skyforgeApi, owner, cloud],
  );
  return { value, loading, error, retry };
}
