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
};
