import type { ServiceCostLine } from '../../cost/serviceCost';

/**
 * Cloud Monitoring alerting list prices (https://cloud.google.com/stackdriver/pricing,
 * "Alerting"): $0.10 per condition per month and $0.35 per million time series returned by the
 * conditions' queries. Each condition here returns one series, evaluated every minute.
 */
const CONDITION_MONTH = 0.1;
const SERIES_PER_MILLION = 0.35;
const EVALUATIONS_PER_MONTH = 60 * 24 * 30;

/**
 * What a GCP monitoring module's alert policies cost: `conditions` (one per rendered policy)
 * for the month, and the series their queries return, one per condition every minute.
 */
export function gcpAlertConditionLines(options: {
  /** What the policies watch, in the line's description. */
  watched: string;
  conditions: number;
  /** Appended to the condition count in the description. */
  note?: string;
}): ServiceCostLine[] {
  const { watched, conditions, note } = options;
  const seriesMillions = (conditions * EVALUATIONS_PER_MONTH) / 1_000_000;
  return [
    {
      description: `Cloud Monitoring alert policies of ${watched} (${conditions} conditions${
        note ? `; ${note}` : ''
      })`,
      quantity: conditions,
      unit: 'condition-month',
      unitPrice: CONDITION_MONTH,
    },
    {
      description: `Alert condition evaluations (${conditions} series every minute)`,
      quantity: Math.round(seriesMillions * 1000) / 1000,
      unit: 'million series',
      unitPrice: SERIES_PER_MILLION,
    },
  ];
}
