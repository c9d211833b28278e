/** How a day's cost is judged against the days before it. */
export interface AnomalyOptions {
  /** Days before the judged day that form the baseline. */
  windowDays: number;
  /** Robust z-score at or above which a day is anomalous (3.5: Iglewicz and Hoaglin). */
  threshold: number;
  /** The least increase over the baseline median, in the currency, that counts at all. */
  minimumIncrease: number;
  /** Baseline days with any cost needed before a day is judged (new spend is not an anomaly). */
  minimumHistoryDays: number;
}

export const DEFAULT_ANOMALY_OPTIONS: AnomalyOptions = {
  windowDays: 28,
  threshold: 3.5,
  minimumIncrease: 10,
  minimumHistoryDays: 7,
};

/** The judgement of one day. */
export interface DailyAnomaly {
  anomalous: boolean;
  amount: number;
  median: number;
  /** Median absolute deviation of the baseline from its median. */
  mad: number;
  /** (amount − median) / (1.4826 × MAD); Infinity over a flat baseline. */
  score: number;
  increase: number;
}

/** Consistency constant: 1.4826 × MAD estimates the standard deviation of normal data. */
const MAD_TO_SIGMA = 1.4826;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Whether the last of `daily` (one amount per day, oldest first) is a cost spike. The baseline is
 * the `windowDays` before it; its median and median absolute deviation (MAD) stand for the usual
 * level and spread, so earlier spikes and quiet weekends barely move them, unlike a mean and a
 * standard deviation. The day is anomalous when its robust z-score, (amount − median) /
 * (1.4826 × MAD), reaches `threshold` and it exceeds the median by at least `minimumIncrease`
 * (so cents never page anyone); over a flat baseline (MAD 0) the increase alone decides. Only
 * increases count. Undefined when the baseline has fewer than `minimumHistoryDays` days with any
 * cost, or fewer days than the window.
 */
export function detectDailyAnomaly(
  daily: number[],
  options: AnomalyOptions = DEFAULT_ANOMALY_OPTIONS,
): DailyAnomaly | undefined {
  if (daily.length < options.windowDays + 1) {
    return undefined;
  }
  const amount = daily[daily.length - 1];
  const baseline = daily.slice(-options.windowDays - 1, -1);
  if (baseline.filter(value => value > 0).length < options.minimumHistoryDays) {
    return undefined;
  }
  const middle = median(baseline);
  const mad = median(baseline.map(value => Math.abs(value - middle)));
  const increase = amount - middle;
  const spread = MAD_TO_SIGMA * mad;
  let score: number;
  if (spread > 0) {
    score = increase / spread;
  } else {
    score = increase > 0 ? Infinity : 0;
  }
  return {
    anomalous:
      increase >= options.minimumIncrease && score >= options.threshold,
    amount,
    median: middle,
    mad,
    score,
    increase,
  };
}
