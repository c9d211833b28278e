import type { EnvironmentPlan } from '../plan/environmentPlan';
import type { StackSpec } from '../spec/stackSpec';
import { regionPrices } from './priceLookup';
import type { CostLineItem } from './types';

/** A cost line before the estimate adds its cloud, environment, category and monthly amount. */
export type ServiceCostLine = Omit<
  CostLineItem,
  'cloud' | 'environment' | 'category' | 'monthly'
>;

/**
 * What a service costs on one cloud, beside its module in `terraform/<cloud>/services/<id>.ts`:
 * its lines in one environment, read from the same resolved plan and sizes as its tfvars, and
 * the pricing page they come from (listed under the cloud's sources in `COST.md`).
 */
export interface ServiceCost {
  /** `spec` tells which other services the stack turns on (monitoring alerts on the database). */
  lines(plan: EnvironmentPlan, spec: StackSpec): ServiceCostLine[];
  /** Absent where the prices come from the price table, whose own sources list the page. */
  source?: string;
}

/** A price rounded to the table's precision (1/1000 of a cent). */
export function roundPrice(value: number): number {
  return Math.round(value * 100_000) / 100_000;
}

/**
 * A price of the cloud's reference region in the plan's region: unchanged where the price table
 * lists the region, scaled by its multiplier where the region is derived from another.
 */
export function regionalPrice(plan: EnvironmentPlan, price: number): number {
  const { cloud, region } = plan;
  const multiplier =
    regionPrices({ cloud, region }).derivedFrom?.multiplier ?? 1;
  return roundPrice(price * multiplier);
}
