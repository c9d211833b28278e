/** Response types of `GET /api/skyforge/v1/entities/:namespace/:kind/:name/cost`. */

/** @public */
export type CostGranularity = 'day' | 'month';
/** @public */
export const COST_GROUP_BY = [
  'service',
  'environment',
  'cloud',
  'region',
  'source',
] as const;
/** @public */
export type CostGroupBy = (typeof COST_GROUP_BY)[number];

/**
 * One point of the cost series: `date` is `YYYY-MM-DD` (day) or `YYYY-MM` (month).
 *
 * @public
 */
export interface CostPoint {
  date: string;
  amount: number;
}

/** @public */
export interface CostBreakdownItem {
  /** Value of the groupBy dimension, e.g. `Amazon Elastic Compute Cloud` or `prod`; `(none)` when absent. */
  key: string;
  amount: number;
  /** Share of the total, 0..1. */
  share: number;
}

/** @public */
export interface CostSourceStatus {
  /** Configured source id, e.g. `focus-demo`. */
  id: string;
  type: string;
  /** ISO timestamp of the last successful ingestion; undefined if it never succeeded. */
  lastSuccessAt?: string;
  /** ISO timestamp of the last attempt. */
  lastAttemptAt?: string;
  /** Error message of the last attempt, when it failed; only for callers allowed `skyforge.cost.sources.read`. */
  lastError?: string;
  /** Latest charge date the source holds data for (`YYYY-MM-DD`). */
  dataThrough?: string;
}

/** @public */
export interface CostForecast {
  /** Projected total for the calendar month containing `to`. */
  monthEnd: number;
  /** How the projection was made, in words, e.g. `linear: mean daily cost of the last 14 days × remaining days`. */
  method: string;
}

/** @public */
export interface CostBudgetStatus {
  monthly: number;
  currency: string;
  /** Month-to-date spend ÷ budget. */
  usedRatio: number;
  /** Forecast month end ÷ budget. */
  forecastRatio: number;
  status: 'ok' | 'at-risk' | 'over';
}

/**
 * Cost in one currency; different currencies are never summed.
 *
 * @public
 */
export interface CurrencyCost {
  currency: string;
  total: number;
  series: CostPoint[];
  breakdown: CostBreakdownItem[];
  monthToDate: number;
  forecast: CostForecast;
  /** Total of the previous period of the same length, and the relative change (undefined when the previous total is 0). */
  previousPeriodTotal: number;
  changeRatio?: number;
  budget?: CostBudgetStatus;
}

/** @public */
export interface EntityCostResponse {
  entityRef: string;
  from: string;
  to: string;
  granularity: CostGranularity;
  groupBy: CostGroupBy;
  /** The selectors used, one per attributed entity (an entity plus its related entities for Systems and Groups). */
  selectors: Array<{ entityRef: string; selector: string }>;
  /**
   * Parts of a roll-up (System, Domain, Group) left out because the caller may not read them in
   * the catalog or is not allowed `skyforge.cost.read` on them; 0 for other kinds.
   */
  hiddenCount: number;
  /** One entry per currency found; usually one. */
  currencies: CurrencyCost[];
  sources: CostSourceStatus[];
}
