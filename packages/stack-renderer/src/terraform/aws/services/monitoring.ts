import { formatQuantity } from '../../../cost/formatUsd';
import { monitoringCostLines } from '../../../cost/monitoringCostLines';
import { regionalPrice, type ServiceCost } from '../../../cost/serviceCost';
import {
  HOURS_PER_MONTH,
  USAGE_ASSUMPTIONS,
} from '../../../cost/usageAssumptions';
import { attr, expr, type HclBody } from '../../../hcl/hcl';
import { appNamespace } from '../../../naming';
import { appAlertRules } from '../../../monitoring/appAlertRules';
import { METRICS_PORT_NAME } from '../../../monitoring/appMetrics';
import { variableRef, type RootVariable } from '../../common/rootVariable';
import { terraformOutput } from '../../common/terraformOutput';
import {
  alertEmailRootVariable,
  appMonitoringArguments,
} from '../../common/appMonitoringVariables';
import { awsMonitoringModule } from '../awsMonitoringModule';
import type {
  AwsEnvironment,
  AwsMonitoringHook,
  AwsService,
} from '../awsService';
import { runsKubernetes } from '../../../spec/computeTarget';
import type { ServiceRoot } from '../../common/environmentRoot';
import { awsServerlessMonitoringModule } from '../awsServerlessMonitoringModule';
import {
  awsDatabaseAlarmLines,
  awsServerlessMonitoringCost,
  awsServerlessMonitoringRoot,
  awsServerlessMonitoringRun,
} from '../awsServerlessMonitoring';
import {
  mockArn,
  testAssertion,
  testModuleSource,
  testRun,
} from '../awsTerraformTests';

const TEST_ALERT_EMAIL = 'oncall@example.com';

const ALERT_RULE_COUNT = appAlertRules(
  { namespace: '', deployment: '' },
  'kube-state-metrics',
).length;

/**
 * Amazon Managed Grafana needs IAM Identity Center (or SAML) in the account, which a fresh account
 * lacks and Terraform cannot turn on; it is off until the account has it.
 */
const GRAFANA_ENABLED: RootVariable = {
  name: 'grafana_enabled',
  type: 'bool',
  description:
    'Create Amazon Managed Grafana; enable IAM Identity Center in the account first.',
  default: false,
  note: 'grafana_enabled = true # once IAM Identity Center is enabled in the account',
};

/** What the other services of the stack add to monitoring. */
function monitoringHooks(services: readonly AwsService[]): AwsMonitoringHook[] {
  return services.flatMap(service =>
    service.monitoring ? [service.monitoring] : [],
  );
}

function monitoringRun(environment: AwsEnvironment): HclBody {
  const region = environment.resolved.region;
  return testRun({
    name: 'monitoring',
    comment: [
      'Prometheus collection and pod logs: the AWS managed collector scrapes the cluster into the',
      'workspace, and the CloudWatch Observability add-on ships pod logs with its own Pod Identity role.',
    ].join('\n'),
    module: testModuleSource('monitoring'),
    variables: {
      name: expr('run.environment.cluster_name'),
      cluster_name: expr('run.environment.cluster_name'),
      cluster_arn: mockArn('eks', region, 'cluster/mock'),
      kubernetes_version: expr('var.kubernetes_version'),
      subnet_ids: ['subnet-a', 'subnet-b', 'subnet-c'],
      cluster_security_group_id: 'sg-0123456789abcdef0',
      app_namespace: appNamespace(environment.spec.metadata.name),
      app_name: environment.spec.metadata.name,
      alert_email: TEST_ALERT_EMAIL,
      grafana_enabled: true,
      ...monitoringHooks(environment.services).reduce(
        (values, hook) => ({ ...values, ...hook.testValues }),
        {},
      ),
    },
    assertions: [
      testAssertion(
        `length([for job in yamldecode(aws_prometheus_scraper.this.scrape_configuration).scrape_configs : job if try(job.job_name == "app" && contains(job.kubernetes_sd_configs[0].namespaces.names, var.app_namespace) && anytrue([for rule in job.relabel_configs : try(rule.action, "") == "keep" && try(rule.regex, "") == "${METRICS_PORT_NAME}"]), false)]) == 1`,
        "The collector must scrape the application's metrics port in its namespace.",
      ),
      testAssertion(
        'length([for job in yamldecode(aws_prometheus_scraper.this.scrape_configuration).scrape_configs : job if job.job_name == "pod_exporter"]) == 0 && length([for job in yamldecode(aws_prometheus_scraper.this.scrape_configuration).scrape_configs : job if job.job_name == "kubernetes-nodes-cadvisor"]) == 1',
        'The default jobs stay, except the one scraping every pod port.',
      ),
      testAssertion(
        'aws_eks_addon.kube_state_metrics.addon_name == "kube-state-metrics" && aws_eks_addon.node_exporter.addon_name == "prometheus-node-exporter"',
        'Pod restarts and node conditions need kube-state-metrics and the node exporter.',
      ),
      testAssertion(
        `aws_prometheus_rule_group_namespace.alerts.workspace_id == aws_prometheus_workspace.this.id && length(yamldecode(aws_prometheus_rule_group_namespace.alerts.data).groups[0].rules) == ${ALERT_RULE_COUNT} && alltrue([for rule in yamldecode(aws_prometheus_rule_group_namespace.alerts.data).groups[0].rules : strcontains(rule.expr, "namespace=\\"\${var.app_namespace}\\"") || strcontains(rule.alert, "Node")])`,
        "Every alert rule is evaluated in the workspace, on the application's namespace.",
      ),
      testAssertion(
        'yamldecode(yamldecode(aws_prometheus_alert_manager_definition.this.definition).alertmanager_config).receivers[0].sns_configs[0].topic_arn == aws_sns_topic.alerts.arn && aws_prometheus_alert_manager_definition.this.workspace_id == aws_prometheus_workspace.this.id',
        'The alert manager must send every alert to the alerts topic.',
      ),
      testAssertion(
        'length(aws_sns_topic_subscription.alert_email) == 1 && aws_sns_topic_subscription.alert_email[0].endpoint == var.alert_email && aws_sns_topic_subscription.alert_email[0].protocol == "email"',
        'The alert email must be subscribed to the topic.',
      ),
      testAssertion(
        'aws_grafana_workspace.this[0].role_arn == aws_iam_role.grafana[0].arn && contains(aws_grafana_workspace.this[0].data_sources, "PROMETHEUS") && alltrue([for panel in jsondecode(output.grafana_dashboard_json).panels : strcontains(panel.targets[0].expr, "namespace=\\"${var.app_namespace}\\"")])',
        "Grafana reads Prometheus with its role; the dashboard selects the application's namespace.",
      ),
      testAssertion(
        'aws_prometheus_scraper.this.source[0].eks[0].cluster_arn == var.cluster_arn && aws_prometheus_scraper.this.destination[0].amp[0].workspace_arn == aws_prometheus_workspace.this.arn',
        'The managed collector must scrape this cluster into this workspace.',
      ),
      testAssertion(
        'contains(aws_prometheus_scraper.this.source[0].eks[0].security_group_ids, var.cluster_security_group_id)',
        'The collector must sit in the cluster security group to reach kubelets and pods.',
      ),
      testAssertion(
        'aws_eks_addon.cloudwatch_observability.addon_name == "amazon-cloudwatch-observability" && one(aws_eks_addon.cloudwatch_observability.pod_identity_association).service_account == "cloudwatch-agent" && one(aws_eks_addon.cloudwatch_observability.pod_identity_association).role_arn == aws_iam_role.cloudwatch_agent.arn',
        'Pod logs need the observability add-on with its Pod Identity role.',
      ),
      testAssertion(
        'aws_cloudwatch_log_group.container_insights["application"].name == "/aws/containerinsights/${var.cluster_name}/application" && aws_cloudwatch_log_group.container_insights["application"].retention_in_days == var.log_retention_days',
        'Pod logs land in a log group with the environment retention.',
      ),
      monitoringHooks(environment.services).map(hook => hook.assertions ?? []),
    ],
  });
}

/**
 * The AMP managed collector (aws_prometheus_scraper), us-east-1: billed for every hour it runs
 * and per sample it collects (https://aws.amazon.com/prometheus/pricing/, "Collector": $0.04 per
 * collector-hour, $0.10 per 10 million samples collected; amounts compiled like the price table
 * and not checked against the live page).
 */
const AMP_COLLECTOR_HOUR = 0.04;
const AMP_COLLECTOR_PER_MILLION_SAMPLES = 0.01;

/**
 * The lines every cloud's monitoring has, plus the one agentless collector per environment that
 * scrapes the cluster for the workspace (it collects the samples the workspace ingests), and the
 * CloudWatch alarms of the database. Amazon Managed Grafana is off until grafana_enabled is set,
 * so it is not priced.
 */
const awsMonitoringCost: ServiceCost = {
  lines: (plan, spec) => {
    const samples = USAGE_ASSUMPTIONS[plan.environment].metricSamplesMillions;
    return [
      ...monitoringCostLines(plan),
      {
        description:
          'Amazon Managed Service for Prometheus managed collector (one scraper, all month)',
        quantity: HOURS_PER_MONTH,
        unit: 'collector-hour',
        unitPrice: regionalPrice(plan, AMP_COLLECTOR_HOUR),
      },
      {
        description: `Managed collector samples collected (assumed ${formatQuantity(
          samples,
        )} million, the samples ingested)`,
        quantity: samples,
        unit: 'million samples',
        unitPrice: regionalPrice(plan, AMP_COLLECTOR_PER_MILLION_SAMPLES),
      },
      ...awsDatabaseAlarmLines(plan, spec),
    ];
  },
};

function kubernetesRoot({ spec, services }: AwsEnvironment): ServiceRoot {
  return {
    variables: [alertEmailRootVariable(spec), GRAFANA_ENABLED],
    arguments: [
      attr('name', expr('local.name')),
      appMonitoringArguments(spec),
      attr('cluster_name', expr('module.cluster.cluster_name')),
      attr('cluster_arn', expr('module.cluster.cluster_arn')),
      attr('kubernetes_version', expr('module.cluster.kubernetes_version')),
      attr('subnet_ids', expr('module.network.private_subnet_ids')),
      attr(
        'cluster_security_group_id',
        expr('module.cluster.node_security_group_id'),
      ),
      attr('log_retention_days', expr('var.log_retention_days')),
      attr('grafana_enabled', variableRef(GRAFANA_ENABLED)),
      monitoringHooks(services).map(hook => hook.arguments),
    ],
    outputs: [
      terraformOutput({
        name: 'prometheus_endpoint',
        description:
          'Amazon Managed Service for Prometheus endpoint for remote write and queries.',
        value: 'module.monitoring.prometheus_endpoint',
      }),
      terraformOutput({
        name: 'alerts_topic_arn',
        description: 'SNS topic receiving alarms.',
        value: 'module.monitoring.alerts_topic_arn',
      }),
      terraformOutput({
        name: 'grafana_endpoint',
        description:
          'URL of Amazon Managed Grafana (null until grafana_enabled is set).',
        value: 'module.monitoring.grafana_endpoint',
      }),
      terraformOutput({
        name: 'grafana_workspace_id',
        description:
          'ID of the Amazon Managed Grafana workspace (null until grafana_enabled is set); make grafana-dashboard imports into it.',
        value: 'module.monitoring.grafana_workspace_id',
      }),
      terraformOutput({
        name: 'grafana_dashboard_json',
        description:
          'The application dashboard make grafana-dashboard imports into Grafana.',
        value: 'module.monitoring.grafana_dashboard_json',
      }),
      terraformOutput({
        name: 'application_log_group',
        description: 'CloudWatch log group of the pod logs.',
        value: 'module.monitoring.application_log_group',
      }),
    ],
  };
}

/**
 * Monitoring on AWS. Kubernetes environments: Amazon Managed Service for Prometheus with the
 * managed collector, pod logs through the CloudWatch Observability add-on, and alarms (the
 * services' own, such as the database's, through their monitoring hooks). Serverless
 * environments: CloudWatch alarms and a dashboard of the ECS service and its load balancer
 * (awsServerlessMonitoring.ts), with the same hooks.
 */
export const awsMonitoring: AwsService = {
  id: 'monitoring',
  module: (services, computes) => ({
    ...(computes.kubernetes
      ? awsMonitoringModule({ hooks: monitoringHooks(services) })
      : {}),
    ...(computes.serverless
      ? awsServerlessMonitoringModule({ hooks: monitoringHooks(services) })
      : {}),
  }),
  cost: {
    lines: (plan, spec) =>
      runsKubernetes(plan)
        ? awsMonitoringCost.lines(plan, spec)
        : awsServerlessMonitoringCost.lines(plan, spec),
  },
  root: environment =>
    runsKubernetes(environment.resolved)
      ? kubernetesRoot(environment)
      : awsServerlessMonitoringRoot(
          environment,
          monitoringHooks(environment.services),
        ),
  environmentTests: environment =>
    runsKubernetes(environment.resolved)
      ? monitoringRun(environment)
      : awsServerlessMonitoringRun(monitoringHooks(environment.services)),
};
