import { parseStackSpec } from '@skyforge/stack-renderer';
import { estimateCost } from '@skyforge/stack-renderer/cost';
import {
  costEstimateValue,
  isSameCostEstimateValue,
} from './costEstimateField';

const estimate = estimateCost(
  parseStackSpec({
    apiVersion: 'skyforge.io/v1alpha1',
    kind: 'Stack',
    metadata: { name: 'payments-api', owner: 'group:default/payments' },
    spec: {
      clouds: ['azure'],
      regions: { azure: 'westeurope' },
      app: { image: 'ghcr.io/acme/payments-api:1.4.2' },
    },
  }),
);
const monthly = estimate.totals.overall;

describe('costEstimateValue', () => {
  it('shapes the total after the schema type', () => {
    expect(costEstimateValue({ estimate, schemaType: 'number' })).toBe(monthly);
    expect(costEstimateValue({ estimate, schemaType: 'integer' })).toBe(
      Math.round(monthly),
    );
    expect(costEstimateValue({ estimate, schemaType: 'string' })).toBe(
      `${monthly.toFixed(2)} USD`,
    );
    expect(costEstimateValue({ estimate, schemaType: 'object' })).toEqual({
      monthly,
      currency: 'USD',
      pricesAsOf: estimate.pricesAsOf,
    });
    expect(costEstimateValue({ estimate, schemaType: 'boolean' })).toBe(
      undefined,
    );
  });

  it('stores nothing while the form is incomplete', () => {
    expect(costEstimateValue({ schemaType: 'number' })).toBeUndefined();
  });
});

describe('isSameCostEstimateValue', () => {
  it('treats the empty object the form puts in an object property as unset', () => {
    expect(isSameCostEstimateValue({}, undefined)).toBe(true);
    expect(isSameCostEstimateValue(undefined, undefined)).toBe(true);
    expect(isSameCostEstimateValue(12, undefined)).toBe(false);
    expect(isSameCostEstimateValue(12, 12)).toBe(true);
    expect(isSameCostEstimateValue(12, 13)).toBe(false);
    expect(
      isSameCostEstimateValue(
        { monthly: 1, currency: 'USD', pricesAsOf: '2025-01-01' },
        { monthly: 1, currency: 'USD', pricesAsOf: '2025-01-01' },
      ),
    ).toBe(true);
  });
});
