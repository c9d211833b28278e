import type { CostEstimate } from '@skyforge/stack-renderer';

/** The part of a cost estimate a template shows and passes on (JSON, for step outputs). */
export interface EstimateSummary {
  [key: string]: unknown;
  currency: 'USD';
  /** Estimated total per month across every cloud and environment. */
  monthly: number;
  /** Date of the list prices used (YYYY-MM-DD). */
  pricesAsOf: string;
  byCloudEnvironment: Array<{
    cloud: string;
    environment: string;
    region: string;
    monthly: number;
  }>;
  byEnvironment: Array<{ environment: string; monthly: number }>;
  byCloud: Array<{ cloud: string; monthly: number }>;
  budget?: { monthly: number; currency: string; status: string };
}

/** Summarises an estimate for step outputs: totals per cloud × environment, per environment, per cloud. */
export function summarizeEstimate(estimate: CostEstimate): EstimateSummary {
  const { totals } = estimate;
  return {
    currency: estimate.currency,
    monthly: totals.overall,
    pricesAsOf: estimate.pricesAsOf,
    byCloudEnvironment: totals.byCloudEnvironment.map(total => ({
      cloud: total.cloud,
      environment: total.environment,
      region: total.region,
      monthly: total.monthly,
    })),
    byEnvironment: totals.byEnvironment.map(total => ({ ...total })),
    byCloud: totals.byCloud.map(total => ({ ...total })),
    ...(estimate.budget ? { budget: { ...estimate.budget } } : {}),
  };
}
