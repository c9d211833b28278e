import type {
  CurrencyCost,
  EntityCostResponse,
} from '@skyforge/plugin-skyforge-common';
import { DEFAULT_ANOMALY_OPTIONS } from './detectDailyAnomaly';
import { evaluateCostAlerts } from './evaluateCostAlerts';

function response(currency: Partial<CurrencyCost>): EntityCostResponse {
  return {
    entityRef: 'component:default/checkout',
    from: '2024-09-01',
    to: '2024-09-20',
    granularity: 'day',
    groupBy: 'service',
    selectors: [],
    hiddenCount: 0,
    sources: [],
    currencies: [
      {
        currency: 'EUR',
        total: 0,
        series: [],
        breakdown: [],
        monthToDate: 120,
        forecast: { monthEnd: 180, method: 'test' },
        previousPeriodTotal: 0,
        ...currency,
      },
    ],
  };
}

const evaluate = (cost: EntityCostResponse) =>
  evaluateCostAlerts({
    cost,
    name: 'Checkout',
    anomaly: DEFAULT_ANOMALY_OPTIONS,
  });

describe('evaluateCostAlerts', () => {
  const budget = (status: 'ok' | 'at-risk' | 'over') => ({
    monthly: 100,
    currency: 'EUR',
    usedRatio: 1.2,
    forecastRatio: 1.8,
    status,
  });

  it('alerts on actual spend above the budget, for the month, and not also on its forecast', () => {
    expect(evaluate(response({ budget: budget('over') }))).toEqual([
      {
        entityRef: 'component:default/checkout',
        kind: 'actual-over-budget',
        period: '2024-09',
        currency: 'EUR',
        severity: 'high',
        title: 'Checkout is over its budget',
        description:
          'Checkout has cost €120.00 in 2024-09 up to 2024-09-20, above its monthly budget of ' +
          '€100.00; the month is forecast to end at €180.00.',
      },
    ]);
  });

  it('alerts on a forecast above the budget, and on nothing within it or without one', () => {
    expect(evaluate(response({ budget: budget('at-risk') }))).toEqual([
      expect.objectContaining({
        kind: 'forecast-over-budget',
        period: '2024-09',
        severity: 'normal',
      }),
    ]);
    expect(evaluate(response({ budget: budget('ok') }))).toEqual([]);
    expect(evaluate(response({}))).toEqual([]);
  });

  it('alerts on the last day of the series when it is a spike, for that day', () => {
    const series = Array.from({ length: 29 }, (_, i) => ({
      date: `2024-08-${String(i + 1).padStart(2, '0')}`,
      amount: i === 28 ? 90 : 30 + (i % 3),
    }));
    expect(evaluate(response({ series }))).toEqual([
      expect.objectContaining({
        kind: 'daily-anomaly',
        period: '2024-09-20',
        title: "Checkout's cost jumped on 2024-09-20",
      }),
    ]);
  });
});
