import type { StackService } from './types';

/**
 * Managed Prometheus, logs, dashboards and alerts. A service like the others (turned on in
 * `spec.services`, a module per cloud, cost lines, bootstrap APIs and CI roles), but not a
 * resource the application uses: no catalog Resource, no identity grant, no egress rule. Other
 * services contribute to it (the AWS database adds its alarms).
 */
export const monitoring: StackService = {
  id: 'monitoring',
  enabledByDefault: true,
  capability: 'monitoring',
  label: 'Monitoring',
  summary: 'managed Prometheus, an application dashboard and alerts',
  products: {
    aws: {
      name: 'Amazon Managed Service for Prometheus (managed collector, alerts to SNS) + CloudWatch Logs',
    },
    gcp: {
      name: 'Managed Service for Prometheus + Cloud Monitoring (dashboard, alert policies)',
    },
    azure: {
      name: 'Azure Monitor managed Prometheus + Managed Grafana + alert rules',
    },
  },
  diagram: {
    node: 'monitoring',
    shape: 'box',
    inNetwork: false,
    edge: { from: 'self', to: 'cluster', label: 'metrics', dashed: true },
  },
  costCategory: 'monitoring',
  costLabel: 'Monitoring',
  costAssumption:
    'Monitoring prices the application and cluster logs, the managed Prometheus samples ingested, the AWS managed collector (one per environment, running all month), Azure Managed Grafana (Standard instance), and the alerts billed per condition, alarm or rule (Cloud Monitoring alert policies, CloudWatch alarms, Azure Monitor metric alerts). Amazon Managed Grafana is off until grafana_enabled is set; then each workspace costs $9 per active editor and $5 per active viewer per month. Not included: active users of Azure Managed Grafana, Prometheus metric storage and queries, the evaluation of the Prometheus alert rules among them (AMP $0.03 per GB-month and $0.10 per billion query samples), and the CloudWatch Container Insights metrics of the AWS observability add-on.',
};
