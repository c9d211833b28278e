import type { StackSpec } from '../spec/stackSpec';
import { appPortNetworkPolicy } from '../kustomize/appNetworkPolicies';
import { kustomizeNames } from '../kustomize/kustomizeNames';

/**
 * The metrics contract of the application: it serves Prometheus metrics on a port of its own, so
 * the NetworkPolicy can admit the clouds' collectors to the metrics and nothing else, and it
 * names its HTTP metrics after the OpenTelemetry semantic conventions
 * (`http.server.request.duration`, exported to Prometheus as a histogram in seconds).
 */
export const METRICS_PORT = 9090;
export const METRICS_PORT_NAME = 'metrics';
export const METRICS_PATH = '/metrics';
export const SCRAPE_INTERVAL_SECONDS = 30;

/** The request histogram: `_count`, `_sum` and `_bucket` series, labelled with the status code. */
export const REQUEST_DURATION_METRIC = 'http_server_request_duration_seconds';
export const STATUS_CODE_LABEL = 'http_response_status_code';

/**
 * Whose series a query selects: the application's namespace and Deployment. The monitoring
 * modules are rendered once per stack, so these are template variables filled per environment.
 */
export interface AppTarget {
  namespace: string;
  deployment: string;
}

/** The PromQL label matcher of the application's own series (every collector adds `namespace`). */
export function appSelector(target: AppTarget): string {
  return `namespace="${target.namespace}"`;
}

/** Name of the NetworkPolicy admitting the collectors to the metrics port. */
export function metricsPolicyName(spec: StackSpec): string {
  return `${kustomizeNames(spec).app}-allow-metrics-scrape`;
}

/** Admits a cloud's metrics collector (`from`) to the metrics port, and only to it. */
export function metricsNetworkPolicy(options: {
  spec: StackSpec;
  from: Array<Record<string, unknown>>;
}): Record<string, unknown> {
  return appPortNetworkPolicy({
    spec: options.spec,
    name: metricsPolicyName(options.spec),
    from: options.from,
    port: METRICS_PORT_NAME,
  });
}
