/**
 * The alerts of a serverless service, the same on every cloud that renders one (CloudWatch alarms
 * on AWS, Cloud Monitoring alert policies on GCP): one list, so the clouds, the operations guide
 * and COST.md agree on what is watched and when it fires.
 */

/** Response time p95 alerts at when `spec.app.hpa.latencyMs` leaves it open (ms). */
export const DEFAULT_ALERT_LATENCY_MS = 1000;

/** Share of 5xx responses (%) above which the error-rate alert fires. */
export const ERROR_RATE_PERCENT = 5;

/** CPU or memory utilisation (%) above which the saturation alerts fire. */
export const SATURATION_PERCENT = 90;

/** Minutes a condition must hold before its alert fires. */
export const ALERT_MINUTES = {
  errors: 5,
  latency: 5,
  saturation: 10,
  capacity: 10,
};

/**
 * The latency thresholds: p95 at twice the average the autoscaler scales on (spec.app.hpa.latencyMs
 * is an average, and p95 sits well above an average that is on target), or
 * {@link DEFAULT_ALERT_LATENCY_MS}; p99 at twice p95.
 */
export function latencyThresholds(latencyMs: number | undefined): {
  p95Ms: number;
  p99Ms: number;
} {
  const p95Ms =
    latencyMs === undefined ? DEFAULT_ALERT_LATENCY_MS : latencyMs * 2;
  return { p95Ms, p99Ms: p95Ms * 2 };
}

/** One alert of the serverless service, as the operations guide lists it. */
export interface ServerlessAlert {
  id: string;
  /** What it means when it fires: the guide's and the alarm's description. */
  summary: string;
}

/**
 * The alerts every cloud raises, in the order the guide lists them (each cloud adds its own
 * capacity alerts after them). `latencyMs` is the environment's spec.app.hpa.latencyMs.
 */
export function serverlessAlerts(options: {
  latencyMs: number | undefined;
}): ServerlessAlert[] {
  const { p95Ms, p99Ms } = latencyThresholds(options.latencyMs);
  return [
    {
      id: 'errors',
      summary: `More than ${ERROR_RATE_PERCENT} % of requests answered 5xx for ${ALERT_MINUTES.errors} minutes`,
    },
    {
      id: 'latency-p95',
      summary: `Response time p95 above ${p95Ms} ms for ${ALERT_MINUTES.latency} minutes`,
    },
    {
      id: 'latency-p99',
      summary: `Response time p99 above ${p99Ms} ms for ${ALERT_MINUTES.latency} minutes`,
    },
    {
      id: 'cpu',
      summary: `Average CPU utilisation above ${SATURATION_PERCENT} % for ${ALERT_MINUTES.saturation} minutes (autoscaling cannot keep up)`,
    },
    {
      id: 'memory',
      summary: `Average memory utilisation above ${SATURATION_PERCENT} % for ${ALERT_MINUTES.saturation} minutes`,
    },
  ];
}
