import type { CostEstimate } from '@skyforge/stack-renderer/cost';
import type { z as zod } from 'zod/v3';

/** The output schema of {@link EstimateSummary}, shared by both actions' `estimate` output. */
export function estimateSummarySchema(z: typeof zod) {
  return z
    .object({
      currency: z.string(),
      monthly: z.number(),
      pricesAsOf: z.string(),
      byCloudEnvironment: z.array(
        z.object({
          cloud: z.string(),
          environment: z.string(),
          region: z.string(),
          monthly: z.number(),
        }),
      ),
      byEnvironment: z.array(
        z.object({ environment: z.string(), monthly: z.number() }),
      ),
      byCloud: z.array(z.object({ cloud: z.string(), monthly: z.number() })),
    })
    .passthrough();
}

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
