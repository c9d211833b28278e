import { COMPONENT_TAG } from '@skyforge/plugin-skyforge-common';
import { estimateCost } from '../../cost/estimateCost';
import type { Environment } from '../../spec/profiles';
import type { Cloud } from '../../spec/regions';
import type { StackSpec } from '../../spec/stackSpec';
import { sanitizeTagValue } from '../../tags';

/** The share of `spec.budget.monthly` one environment on one cloud gets, in whole units. */
export interface TargetBudget {
  cloud: Cloud;
  environment: Environment;
  amount: number;
  currency: NonNullable<StackSpec['spec']['budget']>['currency'];
}

/**
 * When a budget notifies, on every cloud: 80 % and 100 % of the amount actually spent, and
 * 100 % of the month's forecast (so a runaway month is flagged before it is spent).
 */
export const BUDGET_THRESHOLDS = [
  { basis: 'actual', percent: 80 },
  { basis: 'actual', percent: 100 },
  { basis: 'forecast', percent: 100 },
] as const;

/**
 * `spec.budget.monthly` split over the stack's environments and clouds in proportion to their
 * estimated monthly cost (the same estimate as COST.md; an equal split when it is zero), rounded
 * to whole currency units and at least 1. Empty when the stack has no budget.
 */
export function targetBudgets(spec: StackSpec): TargetBudget[] {
  const budget = spec.spec.budget;
  if (!budget) return [];
  const totals = estimateCost(spec).totals.byCloudEnvironment;
  const overall = totals.reduce((sum, total) => sum + total.monthly, 0);
  return totals.map(total => ({
    cloud: total.cloud,
    environment: total.environment,
    amount: Math.max(
      1,
      Math.round(
        budget.monthly *
          (overall > 0 ? total.monthly / overall : 1 / totals.length),
      ),
    ),
    currency: budget.currency,
  }));
}

/** The budgets of one cloud, in environment order. */
export function cloudBudgets(spec: StackSpec, cloud: Cloud): TargetBudget[] {
  return targetBudgets(spec).filter(budget => budget.cloud === cloud);
}

/** The attribution tag a budget filters on: the component tag and the stack's value of it. */
export function budgetTag(spec: StackSpec): { key: string; value: string } {
  return { key: COMPONENT_TAG, value: sanitizeTagValue(spec.metadata.name) };
}

/** `{ [path]: text }` for a budget file that exists, `{}` otherwise (spread into a FileTree). */
export function budgetFile(
  path: string,
  text: string | undefined,
): Record<string, string> {
  return text === undefined ? {} : { [path]: text };
}
