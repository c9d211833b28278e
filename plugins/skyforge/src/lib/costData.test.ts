import type { Entity } from '@backstage/catalog-model';
import type {
  CurrencyCost,
  EntityCostResponse,
} from '@skyforge/plugin-skyforge-common';
import {
  costSelectorAnnotation,
  defaultCostSelector,
  hasCostRows,
} from './costData';

const emptyCurrency: CurrencyCost = {
  currency: 'USD',
  total: 0,
  series: [
    { date: '2025-03-06', amount: 0 },
    { date: '2025-03-07', amount: 0 },
  ],
  breakdown: [],
  monthToDate: 0,
  forecast: { monthEnd: 0, method: 'linear' },
  previousPeriodTotal: 0,
};

function response(currencies: CurrencyCost[]): EntityCostResponse {
  return {
    entityRef: 'component:default/payments-api',
    from: '2025-03-06',
    to: '2025-03-07',
    granularity: 'day',
    groupBy: 'service',
    selectors: [],
    hiddenCount: 0,
    currencies,
    sources: [],
  };
}

describe('costData', () => {
  it('tells cost rows from no rows, including zero-filled series', () => {
    expect(hasCostRows(response([]))).toBe(false);
    expect(hasCostRows(response([emptyCurrency]))).toBe(false);
    expect(
      hasCostRows(
        response([
          {
            ...emptyCurrency,
            series: [{ date: '2025-03-07', amount: 1.25 }],
          },
        ]),
      ),
    ).toBe(true);
    expect(
      hasCostRows(
        response([
          {
            ...emptyCurrency,
            breakdown: [{ key: 'credits', amount: 0, share: 0 }],
          },
        ]),
      ),
    ).toBe(true);
  });

  it('reads the selector annotation and knows the default selector', () => {
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'payments-api' },
    };
    expect(costSelectorAnnotation(entity)).toBeUndefined();
    expect(defaultCostSelector(entity)).toBe('skyforge-component=payments-api');
    expect(
      costSelectorAnnotation({
        ...entity,
        metadata: {
          name: 'payments-api',
          annotations: { 'skyforge.io/cost-selector': 'team=payments' },
        },
      }),
    ).toBe('team=payments');
  });
});
