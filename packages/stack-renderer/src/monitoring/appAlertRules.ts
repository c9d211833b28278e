import {
  appSelector,
  type AppTarget,
  REQUEST_DURATION_METRIC,
  STATUS_CODE_LABEL,
} from './appMetrics';

/**
 * Where node and pod state comes from: kube-state-metrics (the EKS community add-on, the AKS
 * metrics add-on's default targets) or GKE's own system metrics, which have no node conditions.
 */
export type ClusterMetricsSource = 'kube-state-metrics' | 'gke';

/** One Prometheus alerting rule, rendered as an AMP rule group, an Azure rule group or a GCP policy. */
export interface AlertRule {
  /** PascalCase, the Prometheus `alert` name. */
  name: string;
  /** PromQL: the alert fires for every series it returns. */
  expr: string;
  /** How long the expression must hold before the alert fires. */
  forMinutes: number;
  severity: 'critical' | 'warning';
  summary: string;
}

/** Node pressure: conditions from kube-state-metrics, or allocatable utilisation on GKE. */
function nodePressure(source: ClusterMetricsSource): string {
  if (source === 'gke') {
    return [
      'max by (node_name) (kubernetes_io:node_memory_allocatable_utilization{monitored_resource="k8s_node"}) > 0.95',
      'max by (node_name) (kubernetes_io:node_cpu_allocatable_utilization{monitored_resource="k8s_node"}) > 0.95',
    ].join(' or ');
  }
  return 'max by (node, condition) (kube_node_status_condition{condition=~"MemoryPressure|DiskPressure|PIDPressure",status="true"}) > 0';
}

/**
 * The alert rules of the stack's cluster and application, the same on every cloud (one source):
 * the database and the budget are watched by each cloud's own metrics and budgets instead.
 */
export function appAlertRules(
  target: AppTarget,
  source: ClusterMetricsSource,
): AlertRule[] {
  const app = appSelector(target);
  const requests = `${REQUEST_DURATION_METRIC}_count`;
  return [
    {
      name: 'AppHighErrorRate',
      expr: `sum(rate(${requests}{${app},${STATUS_CODE_LABEL}=~"5.."}[5m])) / sum(rate(${requests}{${app}}[5m])) > 0.05`,
      forMinutes: 10,
      severity: 'critical',
      summary: 'More than 5% of the requests fail with a 5xx status.',
    },
    {
      name: 'AppHighLatency',
      expr: `histogram_quantile(0.95, sum by (le) (rate(${REQUEST_DURATION_METRIC}_bucket{${app}}[5m]))) > 1`,
      forMinutes: 10,
      severity: 'warning',
      summary: 'The 95th percentile of request duration is above one second.',
    },
    {
      name: 'AppPodRestarting',
      expr: `sum by (pod) (increase(kube_pod_container_status_restarts_total{${app}}[15m])) > 3`,
      forMinutes: 0,
      severity: 'warning',
      summary:
        'A pod restarted more than three times in 15 minutes (crash loop, OOM kill or failing probes).',
    },
    {
      name: 'NodeUnderPressure',
      expr: nodePressure(source),
      forMinutes: 5,
      severity: 'warning',
      summary:
        'A node is short of memory, disk or process IDs and evicts or refuses pods.',
    },
  ];
}

/** The rules as a Prometheus rule file (`groups:`), the format AMP rule group namespaces take. */
export function prometheusRuleFile(
  target: AppTarget,
  source: ClusterMetricsSource,
): Record<string, unknown> {
  return {
    groups: [
      {
        name: target.deployment,
        rules: appAlertRules(target, source).map(rule => ({
          alert: rule.name,
          expr: rule.expr,
          for: `${rule.forMinutes}m`,
          labels: { severity: rule.severity },
          annotations: { summary: rule.summary },
        })),
      },
    ],
  };
}
