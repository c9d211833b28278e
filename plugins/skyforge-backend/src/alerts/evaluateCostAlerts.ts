import type { EntityCostResponse } from '@skyforge/plugin-skyforge-common';
import { type AnomalyOptions, detectDailyAnomaly } from './detectDailyAnomaly';

/** What an alert is about: the month's budget, crossed by the forecast or by actual spend, or a day's spike. */
export type CostAlertKind =
  | 'forecast-over-budget'
  | 'actual-over-budget'
  | 'daily-anomaly';

/** One alert for one entity; at most one is ever sent per entity, kind and period. */
export interface CostAlert {
  entityRef: string;
  kind: CostAlertKind;
  /** The budget's month (`YYYY-MM`) or the anomalous day (`YYYY-MM-DD`). */
  period: string;
  currency: string;
  title: string;
  description: string;
  severity: 'high' | 'normal';
}

function money(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency })
      .format(amount)
      .replace(/\u00a0/g, ' ');
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}

/**
 * The alerts an entity's cost calls for, from its cost response over at least the anomaly window
 * plus one day, by day, ending at the latest day of data: its budget crossed by actual spend
 * (month to date above the budget) or, short of that, by the month-end forecast; and, per
 * currency, the latest day being a spike by {@link detectDailyAnomaly}. Pure.
 */
export function evaluateCostAlerts(options: {
  cost: EntityCostResponse;
  /** The entity's display name, e.g. its title. */
  name: string;
  anomaly: AnomalyOptions;
}): CostAlert[] {
  const { cost, name, anomaly } = options;
  const alerts: CostAlert[] = [];
  const month = cost.to.slice(0, 7);
  for (const currency of cost.currencies) {
    const budget = currency.budget;
    const code = currency.currency;
    if (budget?.status === 'over') {
      alerts.push({
        entityRef: cost.entityRef,
        kind: 'actual-over-budget',
        period: month,
        currency: code,
        severity: 'high',
        title: `${name} is over its budget`,
        description:
          `${name} has cost ${money(
            currency.monthToDate,
            code,
          )} in ${month} up to ${cost.to}, ` +
          `above its monthly budget of ${money(budget.monthly, code)}; ` +
          `the month is forecast to end at ${money(
            currency.forecast.monthEnd,
            code,
          )}.`,
      });
    } else if (budget?.status === 'at-risk') {
      alerts.push({
        entityRef: cost.entityRef,
        kind: 'forecast-over-budget',
        period: month,
        currency: code,
        severity: 'normal',
        title: `${name} is forecast to go over its budget`,
        description:
          `${name} is forecast to cost ${money(
            currency.forecast.monthEnd,
            code,
          )} in ${month}, ` +
          `above its monthly budget of ${money(budget.monthly, code)} ` +
          `(${money(currency.monthToDate, code)} so far, up to ${cost.to}).`,
      });
    }
    const daily = currency.series.map(point => point.amount);
    const judged = detectDailyAnomaly(daily, anomaly);
    if (judged?.anomalous) {
      alerts.push({
        entityRef: cost.entityRef,
        kind: 'daily-anomaly',
        period: cost.to,
        currency: code,
        severity: 'normal',
        title: `${name}'s cost jumped on ${cost.to}`,
        description:
          `${name} cost ${money(judged.amount, code)} on ${cost.to}, ` +
          `${money(judged.increase, code)} above the median day of the ${
            anomaly.windowDays
          } before ` +
          `(${money(judged.median, code)}; robust z-score ${
            Number.isFinite(judged.score)
              ? judged.score.toFixed(1)
              : 'over a flat baseline'
          }).`,
      });
    }
  }
  return alerts;
}
