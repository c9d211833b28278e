import { stringify } from 'yaml';
import type { FileTree } from '../types';
import type { AppTarget } from './appMetrics';
import { prometheusRuleFile, type ClusterMetricsSource } from './appAlertRules';
import { cloudMonitoringDashboard, grafanaDashboard } from './appDashboard';

/** File names of the templates in a monitoring module directory. */
export const ALERT_RULES_TEMPLATE = 'alert-rules.yaml.tftpl';
export const DASHBOARD_TEMPLATE = 'app-dashboard.json.tftpl';

/** The HCL that fills a template of the module with the environment's namespace and Deployment. */
export function templateCall(file: string): string {
  return `templatefile("\${path.module}/${file}", { namespace = var.app_namespace, deployment = var.app_name })`;
}

const SENTINEL: AppTarget = {
  namespace: '@@namespace@@',
  deployment: '@@deployment@@',
};

/** Escapes Terraform template sequences, then turns the sentinels into template variables. */
function toTemplate(text: string): string {
  return text
    .replaceAll('${', () => '$${')
    .replaceAll('%{', () => '%%{')
    .replaceAll(SENTINEL.namespace, '${namespace}')
    .replaceAll(SENTINEL.deployment, '${deployment}');
}

/**
 * The templates a cloud's monitoring module reads (`templatefile`): the alert rules (one source
 * for every cloud) and the application dashboard (Grafana JSON, or Cloud Monitoring's on GCP).
 */
export function monitoringTemplates(options: {
  directory: string;
  source: ClusterMetricsSource;
  dashboard: 'grafana' | 'cloud-monitoring';
}): FileTree {
  const dashboard =
    options.dashboard === 'grafana'
      ? grafanaDashboard(SENTINEL)
      : cloudMonitoringDashboard(SENTINEL);
  return {
    [`${options.directory}/${ALERT_RULES_TEMPLATE}`]: toTemplate(
      stringify(prometheusRuleFile(SENTINEL, options.source), {
        lineWidth: 0,
      }),
    ),
    [`${options.directory}/${DASHBOARD_TEMPLATE}`]: `${toTemplate(
      JSON.stringify(dashboard, null, 2),
    )}\n`,
  };
}
