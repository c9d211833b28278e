import type { Entity } from '@backstage/catalog-model';
import { TestApiProvider } from '@backstage/test-utils';
import type { EntityCostResponse } from '@skyforge/plugin-skyforge-common';
import { renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { type SkyforgeApi, skyforgeApiRef } from '../api';
import { type EntityCostQuery, useEntityCost } from './useEntityCost';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'payments', namespace: 'finance' },
};

function response(query: EntityCostQuery): EntityCostResponse {
  return {
    entityRef: 'system:finance/payments',
    from: query.from ?? '',
    to: query.to ?? '',
    granularity: query.granularity ?? 'day',
    groupBy: query.groupBy ?? 'service',
    selectors: [],
    hiddenCount: 0,
    currencies: [],
    sources: [],
  };
}

describe('useEntityCost', () => {
  it('loads the cost of the entity for the query and reloads when the query changes', async () => {
    const getEntityCost = jest.fn<
      ReturnType<SkyforgeApi['getEntityCost']>,
      Parameters<SkyforgeApi['getEntityCost']>
    >(async options => response(options));
    const api: Pick<SkyforgeApi, 'getEntityCost'> = { getEntityCost };
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider apis={[[skyforgeApiRef, api]]}>
        {children}
      </TestApiProvider>
    );
    const { result, rerender } = renderHook(
      (query: EntityCostQuery) => useEntityCost(entity, query),
      {
        wrapper,
        initialProps: {
          from: '2025-02-06',
          to: '2025-03-07',
          granularity: 'day',
          groupBy: 'service',
        },
      },
    );
    expect(result.current.loading).toBe(true);
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current.value?.groupBy).toBe('service');
    expect(getEntityCost).toHaveBeenLastCalledWith({
      entityRef: { kind: 'System', namespace: 'finance', name: 'payments' },
      from: '2025-02-06',
      to: '2025-03-07',
      granularity: 'day',
      groupBy: 'service',
    });

    rerender({
      from: '2024-12-08',
      to: '2025-03-07',
      granularity: 'month',
      groupBy: 'cloud',
    });
    await waitFor(() => expect(result.current.value?.groupBy).toBe('cloud'));
    expect(getEntityCost).toHaveBeenCalledTimes(2);
    expect(getEntityCost).toHaveBeenLastCalledWith(
      expect.objectContaining({ from: '2024-12-08', granularity: 'month' }),
    );
  });

  it('exposes the error of a failed request', async () => {
    const api: Pick<SkyforgeApi, 'getEntityCost'> = {
      getEntityCost: async () => {
        throw new Error('backend down');
      },
    };
    const { result } = renderHook(() => useEntityCost(entity), {
      wrapper: ({ children }: { children: ReactNode }) => (
        <TestApiProvider apis={[[skyforgeApiRef, api]]}>
          {children}
        </TestApiProvider>
      ),
    });
    await waitFor(() =>
      expect(result.current.error?.message).toBe('backend down'),
    );
    expect(result.current.value).toBeUndefined();
  });
});
