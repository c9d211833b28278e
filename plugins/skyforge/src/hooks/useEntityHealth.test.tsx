import type { Entity } from '@backstage/catalog-model';
import { TestApiProvider } from '@backstage/test-utils';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import {
  degradedResponse,
  healthyResponse,
} from '../__fixtures__/entityHealth';
import { type SkyforgeApi, skyforgeApiRef } from '../api';
import { useEntityHealth } from './useEntityHealth';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', namespace: 'finance' },
};

function wrapperFor(api: Pick<SkyforgeApi, 'getEntityHealth'>) {
  return ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={[[skyforgeApiRef, api]]}>{children}</TestApiProvider>
  );
}

describe('useEntityHealth', () => {
  it('loads the health of the entity and reloads on retry', async () => {
    const responses = [degradedResponse, healthyResponse];
    const getEntityHealth = jest.fn(async () => responses.shift()!);
    const { result } = renderHook(() => useEntityHealth(entity), {
      wrapper: wrapperFor({ getEntityHealth }),
    });
    expect(result.current.loading).toBe(true);
    await waitFor(() => expect(result.current.value?.status).toBe('degraded'));
    expect(getEntityHealth).toHaveBeenCalledWith({
      entityRef: {
        kind: 'Component',
        namespace: 'finance',
        name: 'payments-api',
      },
    });
    act(() => result.current.retry());
    await waitFor(() => expect(result.current.value?.status).toBe('healthy'));
    expect(getEntityHealth).toHaveBeenCalledTimes(2);
  });

  it('returns the error of a failed request', async () => {
    const { result } = renderHook(() => useEntityHealth(entity), {
      wrapper: wrapperFor({
        getEntityHealth: async () => {
          throw new Error('backend down');
        },
      }),
    });
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current.error?.message).toBe('backend down');
    expect(result.current.value).toBeUndefined();
  });
});
