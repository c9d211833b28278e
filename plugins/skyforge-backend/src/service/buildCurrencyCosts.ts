import type {
  CostBreakdownItem,
  CostGranularity,
  CostPoint,
  CurrencyCost,
} from '@skyforge/plugin-skyforge-common';
import type { Budget } from '../attribution/costSelector';
import type { CostBreakdownTotal, DailyCostTotal } from '../database/CostStore';
import { nanosToNumber, roundTo } from '../util/money';
import {
  addDays,
  daysInclusive,
  daysInMonth,
  enumerateDays,
  monthStart,
} from '../util/dates';

/** Days of history behind the month-end forecast. */
export const FORECAST_BASIS_DAYS = 14;
/** Forecast ÷ budget at or above which a budget is at risk. */
const AT_RISK_RATIO = 1;

/** The day ranges a cost response needs, derived from the requested period. */
export interface CostPeriods {
  from: string;
  to: string;
  previousFrom: string;
  previousTo: string;
  monthStart: string;
  forecastFrom: string;
  /** The earliest day any figure needs; daily totals are read from here to `to`. */
  queryFrom: string;
}

export function costPeriods(from: string, to: string): CostPeriods {
  const length = daysInclusive(from, to);
  const previousFrom = addDays(from, -length);
  const previousTo = addDays(from, -1);
  const start = monthStart(to);
  const forecastFrom = addDays(to, -(FORECAST_BASIS_DAYS - 1));
  const queryFrom = [previousFrom, start, forecastFrom].sort()[0];
  return {
    from,
    to,
    previousFrom,
    previousTo,
    monthStart: start,
    forecastFrom,
    queryFrom,
  };
}

/**
 * Turns daily totals and a breakdown (nano-units) into the per-currency figures of the API. Pure:
 * "today" is the `to` day, since cost data is historical and arrives late.
 */
export function buildCurrencyCosts(options: {
  periods: CostPeriods;
  granularity: CostGranularity;
  daily: DailyCostTotal[];
  breakdown: CostBreakdownTotal[];
  budget?: Budget;
}): CurrencyCost[] {
  const { periods, granularity, daily, breakdown, budget } = options;
  const byCurrency = new Map<string, Map<string, bigint>>();
  for (const row of daily) {
    const days = byCurrency.get(row.currency) ?? new Map<string, bigint>();
    days.set(row.day, (days.get(row.day) ?? 0n) + row.amountNanos);
    byCurrency.set(row.currency, days);
  }
  if (budget && !byCurrency.has(budget.currency)) {
    byCurrency.set(budget.currency, new Map());
  }

  const periodDays = enumerateDays(periods.from, periods.to);
  const remainingDays =
    daysInMonth(periods.to) - Number(periods.to.slice(8, 10));
  const method =
    `linear: month-to-date (${periods.monthStart}..${periods.to}) + mean daily cost of the ` +
    `${FORECAST_BASIS_DAYS} days ${periods.forecastFrom}..${periods.to} × ${remainingDays} remaining day(s)`;

  const result: CurrencyCost[] = [];
  for (const [currency, days] of [...byCurrency.entries()].sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    const sum = (from: string, to: string) => {
      let total = 0n;
      for (const [day, amount] of days) {
        if (day >= from && day <= to) {
          total += amount;
        }
      }
      return total;
    };
    const total = sum(periods.from, periods.to);
    const previous = sum(periods.previousFrom, periods.previousTo);
    const monthToDate = sum(periods.monthStart, periods.to);
    const forecastBasis = sum(periods.forecastFrom, periods.to);
    const monthEnd =
      nanosToNumber(monthToDate) +
      (nanosToNumber(forecastBasis) / FORECAST_BASIS_DAYS) * remainingDays;

    const series: CostPoint[] = [];
    if (granularity === 'day') {
      for (const day of periodDays) {
        series.push({ date: day, amount: nanosToNumber(days.get(day) ?? 0n) });
      }
    } else {
      const months = new Map<string, bigint>();
      for (const day of periodDays) {
        const month = day.slice(0, 7);
        months.set(month, (months.get(month) ?? 0n) + (days.get(day) ?? 0n));
      }
      for (const [month, amount] of months) {
        series.push({ date: month, amount: nanosToNumber(amount) });
      }
    }

    const breakdownItems: CostBreakdownItem[] = breakdown
      .filter(item => item.currency === currency && item.amountNanos !== 0n)
      .map(item => ({
        key: item.key && item.key.trim() !== '' ? item.key : '(none)',
        amount: nanosToNumber(item.amountNanos),
        share:
          total === 0n
            ? 0
            : roundTo(
                nanosToNumber(item.amountNanos) / nanosToNumber(total),
                6,
              ),
      }))
      .sort((a, b) => b.amount - a.amount || a.key.localeCompare(b.key));

    const totalNumber = nanosToNumber(total);
    const previousNumber = nanosToNumber(previous);
    const cost: CurrencyCost = {
      currency,
      total: totalNumber,
      series,
      breakdown: mergeKeys(breakdownItems),
      monthToDate: nanosToNumber(monthToDate),
      forecast: { monthEnd, method },
      previousPeriodTotal: previousNumber,
      changeRatio:
        previous === 0n
          ? undefined
          : (totalNumber - previousNumber) / previousNumber,
    };
    if (budget && budget.currency === currency && budget.monthly > 0) {
      const usedRatio = cost.monthToDate / budget.monthly;
      const forecastRatio = monthEnd / budget.monthly;
      let status: 'ok' | 'at-risk' | 'over' = 'ok';
      if (usedRatio > 1) {
        status = 'over';
      } else if (forecastRatio > AT_RISK_RATIO) {
        status = 'at-risk';
      }
      cost.budget = {
        monthly: budget.monthly,
        currency,
        usedRatio,
        forecastRatio,
        status,
      };
    }
    result.push(cost);
  }
  return result;
}

/** Rows without a value and rows with an empty one both become `(none)`; merge them. */
function mergeKeys(items: CostBreakdownItem[]): CostBreakdownItem[] {
  const merged = new Map<string, CostBreakdownItem>();
  for (const item of items) {
    const existing = merged.get(item.key);
    if (existing) {
      existing.amount += item.amount;
      existing.share = roundTo(existing.share + item.share, 6);
    } else {
      merged.set(item.key, { ...item });
    }
  }
  return [...merged.values()];
}
