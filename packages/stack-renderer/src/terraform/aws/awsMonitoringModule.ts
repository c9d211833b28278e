import {
  attr,
  blank,
  block,
  comment,
  data,
  expr,
  resource,
  type HclBody,
} from '../../hcl/hcl';
import type { FileTree } from '../../types';
import {
  AWS_ACCOUNT_ID,
  AWS_PARTITION,
  AWS_REGION,
  awsContextData,
} from './awsContextData';
import { moduleFiles } from '../common/moduleFiles';
import type { AwsMonitoringHook } from './awsService';
import { eksAddon } from './eksAddon';
import { kmsKey } from './kmsKey';
import { podIdentityAssumePolicy } from './podIdentityRole';
import { terraformOutput } from '../common/terraformOutput';
import { terraformVariable } from '../common/terraformVariable';
import { appMonitoringVariables } from '../common/appMonitoringVariables';
import {
  ALERT_RULES_TEMPLATE,
  DASHBOARD_TEMPLATE,
  monitoringTemplates,
  templateCall,
} from '../../monitoring/monitoringTemplates';
import { modulePath } from '../common/capability';
import {
  METRICS_PATH,
  METRICS_PORT_NAME,
  SCRAPE_INTERVAL_SECONDS,
} from '../../monitoring/appMetrics';
import { policyStatement } from './policyStatement';
import {
  alertsTopic,
  topicPublisherPrincipals,
  topicPublisherStatements,
} from './alertsTopic';

function variables(hooks: readonly AwsMonitoringHook[]): HclBody {
  return [
    terraformVariable({
      name: 'name',
      type: 'string',
      description: 'Prefix of every resource name, e.g. payments-api-prod.',
    }),
    terraformVariable({
      name: 'cluster_name',
      type: 'string',
      description:
        'EKS cluster whose metrics and pod logs this module collects.',
    }),
    terraformVariable({
      name: 'log_retention_days',
      type: 'number',
      description: 'Days to keep workspace logs.',
    }),
    terraformVariable({
      name: 'cluster_arn',
      type: 'string',
      description: 'ARN of the EKS cluster the managed collector scrapes.',
    }),
    terraformVariable({
      name: 'kubernetes_version',
      type: 'string',
      description:
        'Kubernetes version of the cluster, to pick compatible add-on versions.',
    }),
    terraformVariable({
      name: 'subnet_ids',
      type: 'list(string)',
      description:
        'Private subnets (two zones or more) for the network interfaces of the managed collector.',
    }),
    terraformVariable({
      name: 'cluster_security_group_id',
      type: 'string',
      description:
        'Cluster security group: it admits the collector to the kubelets and pods it scrapes.',
    }),
    appMonitoringVariables(),
    terraformVariable({
      name: 'grafana_enabled',
      type: 'bool',
      description:
        'Create Amazon Managed Grafana (sign-in through IAM Identity Center, which must be enabled in the account first).',
      default: false,
    }),
    hooks.map(hook => hook.variables),
  ];
}

/** Log groups the CloudWatch agent and Fluent Bit of the observability add-on write to. */
const CONTAINER_INSIGHTS_LOG_GROUPS = [
  'application',
  'dataplane',
  'host',
  'performance',
];

/**
 * Pod logs: the Amazon CloudWatch Observability add-on runs Fluent Bit on every node and ships
 * container stdout/stderr to /aws/containerinsights/<cluster>/application. Its identity comes
 * from EKS Pod Identity (add-on 3.1.0 and later). The log groups are created here first, so they
 * get a retention and the KMS key instead of the agent's never-expiring defaults.
 */
function podLogs(): HclBody {
  return [
    resource('aws_cloudwatch_log_group', 'container_insights', [
      attr('for_each', expr('toset(local.container_insights_log_groups)')),
      blank(),
      attr(
        'name',
        expr('"/aws/containerinsights/${var.cluster_name}/${each.value}"'),
      ),
      attr('retention_in_days', expr('var.log_retention_days')),
      attr('kms_key_id', expr('aws_kms_key.monitoring.arn')),
    ]),
    block(
      'locals',
      [],
      [attr('container_insights_log_groups', CONTAINER_INSIGHTS_LOG_GROUPS)],
    ),
    podIdentityAssumePolicy(),
    resource('aws_iam_role', 'cloudwatch_agent', [
      attr('name', expr('"${var.name}-cloudwatch-agent"')),
      attr(
        'description',
        'CloudWatch agent and Fluent Bit of the observability add-on (amazon-cloudwatch/cloudwatch-agent)',
      ),
      attr(
        'assume_role_policy',
        expr('data.aws_iam_policy_document.pod_identity_assume.json'),
      ),
    ]),
    resource('aws_iam_role_policy_attachment', 'cloudwatch_agent', [
      attr('role', expr('aws_iam_role.cloudwatch_agent.name')),
      attr(
        'policy_arn',
        expr(
          `"arn:\${${AWS_PARTITION}}:iam::aws:policy/CloudWatchAgentServerPolicy"`,
        ),
      ),
    ]),
    eksAddon({
      id: 'cloudwatch_observability',
      name: 'amazon-cloudwatch-observability',
      clusterName: 'var.cluster_name',
      kubernetesVersion: 'var.kubernetes_version',
      configurationValues: 'jsonencode({ containerLogs = { enabled = true } })',
      podIdentity: {
        serviceAccount: 'cloudwatch-agent',
        roleArn: 'aws_iam_role.cloudwatch_agent.arn',
      },
    }),
  ];
}

function main(hooks: readonly AwsMonitoringHook[]): HclBody {
  return [
    awsContextData(),
    kmsKey({
      id: 'monitoring',
      description: 'Metrics, logs and alerts of ${var.name}',
      alias: '${var.name}-monitoring',
      cloudwatchLogs: true,
      servicePrincipals: [
        'cloudwatch.amazonaws.com',
        'aps.amazonaws.com',
        ...topicPublisherPrincipals(hooks),
      ],
    }),
    resource('aws_cloudwatch_log_group', 'prometheus', [
      attr('name', expr('"/aws/prometheus/${var.name}"')),
      attr('retention_in_days', expr('var.log_retention_days')),
      attr('kms_key_id', expr('aws_kms_key.monitoring.arn')),
    ]),
    comment(
      [
        'Amazon Managed Service for Prometheus stores the metrics. The scraper below is its AWS managed',
        'collector: it runs outside the cluster, so nothing in the cluster needs a role or remote-write',
        'credentials. The managed scraper tags its destination workspace with AMPAgentlessScraper;',
        'declaring the tag keeps Terraform from removing it on every apply.',
      ].join('\n'),
    ),
    resource('aws_prometheus_workspace', 'this', [
      attr('alias', expr('var.name')),
      attr('kms_key_arn', expr('aws_kms_key.monitoring.arn')),
      blank(),
      comment('Rule evaluation and alert manager errors.'),
      block(
        'logging_configuration',
        [],
        [
          attr(
            'log_group_arn',
            expr('"${aws_cloudwatch_log_group.prometheus.arn}:*"'),
          ),
        ],
      ),
      blank(),
      attr('tags', { AMPAgentlessScraper: '' }),
    ]),
    scrapeConfiguration(),
    comment(
      [
        'The scrape configuration AWS publishes for EKS (GetDefaultScraperConfiguration) plus the',
        "application's job (see locals above). The cluster",
        'authenticates with access entries (mode API), so creating the scraper also creates its access',
        'entry and permissions (Amazon Managed Service for Prometheus User Guide, "Configure Amazon EKS',
        'for scraper access with access entries"): nothing has to be applied in the cluster.',
      ].join('\n'),
    ),
    data('aws_prometheus_default_scraper_configuration', 'this', []),
    resource('aws_prometheus_scraper', 'this', [
      attr('alias', expr('var.name')),
      attr(
        'scrape_configuration',
        expr('yamlencode(local.scrape_configuration)'),
      ),
      blank(),
      block(
        'source',
        [],
        [
          block(
            'eks',
            [],
            [
              attr('cluster_arn', expr('var.cluster_arn')),
              attr('subnet_ids', expr('var.subnet_ids')),
              attr('security_group_ids', [
                expr('var.cluster_security_group_id'),
              ]),
            ],
          ),
        ],
      ),
      blank(),
      block(
        'destination',
        [],
        [
          block(
            'amp',
            [],
            [attr('workspace_arn', expr('aws_prometheus_workspace.this.arn'))],
          ),
        ],
      ),
    ]),
    clusterStateExporters(),
    podLogs(),
    alerting(hooks),
    grafana(),
    hooks.map(hook => hook.resources),
  ];
}

/**
 * The default jobs minus `pod_exporter` (which would scrape every port of every pod), plus the
 * application's metrics port: the collector keeps only pods of the application's namespace whose
 * port is named after the metrics contract, and labels their series with namespace and pod, as
 * GKE's and AKS's collectors do.
 */
function scrapeConfiguration(): HclBody {
  return [
    block(
      'locals',
      [],
      [
        attr(
          'default_scrape_configuration',
          expr(
            'yamldecode(data.aws_prometheus_default_scraper_configuration.this.configuration)',
          ),
        ),
        attr('app_scrape_job', {
          job_name: 'app',
          metrics_path: METRICS_PATH,
          scrape_interval: `${SCRAPE_INTERVAL_SECONDS}s`,
          kubernetes_sd_configs: [
            { role: 'pod', namespaces: { names: [expr('var.app_namespace')] } },
          ],
          relabel_configs: [
            {
              source_labels: ['__meta_kubernetes_pod_container_port_name'],
              regex: METRICS_PORT_NAME,
              action: 'keep',
            },
            {
              source_labels: ['__meta_kubernetes_namespace'],
              target_label: 'namespace',
            },
            {
              source_labels: ['__meta_kubernetes_pod_name'],
              target_label: 'pod',
            },
          ],
        }),
        attr(
          'scrape_configuration',
          expr(
            'merge(local.default_scrape_configuration, { scrape_configs = concat([for job in local.default_scrape_configuration.scrape_configs : job if job.job_name != "pod_exporter"], [local.app_scrape_job]) })',
          ),
        ),
      ],
    ),
  ];
}

/**
 * Pod restarts, deployment replicas and node conditions come from kube-state-metrics, node
 * resources from the node exporter: EKS community add-ons, scraped by the default jobs.
 */
function clusterStateExporters(): HclBody {
  return [
    eksAddon({
      id: 'kube_state_metrics',
      name: 'kube-state-metrics',
      clusterName: 'var.cluster_name',
      kubernetesVersion: 'var.kubernetes_version',
    }),
    eksAddon({
      id: 'node_exporter',
      name: 'prometheus-node-exporter',
      clusterName: 'var.cluster_name',
      kubernetesVersion: 'var.kubernetes_version',
    }),
  ];
}

/**
 * Alerts: the stack's Prometheus rules evaluated in the workspace, its alert manager sending to
 * the SNS topic, and the topic mailing the alert email (once the recipient confirms the
 * subscription). The database alarms and the budget publish to the same topic, and so do the
 * services that publish with their own principal (`topicPublisher` of a hook).
 */
function alerting(hooks: readonly AwsMonitoringHook[]): HclBody {
  return [
    alertsTopic({
      kmsKeyArn: 'aws_kms_key.monitoring.arn',
      publishers: [
        policyStatement({
          sid: 'PrometheusAlertManager',
          actions: ['sns:Publish', 'sns:GetTopicAttributes'],
          resources: [expr('aws_sns_topic.alerts.arn')],
          principals: [{ type: 'Service', identifiers: ['aps.amazonaws.com'] }],
          conditions: [
            {
              test: 'ArnEquals',
              variable: 'aws:SourceArn',
              values: [expr('aws_prometheus_workspace.this.arn')],
            },
          ],
        }),
        topicPublisherStatements(hooks),
      ],
    }),
    comment(
      'The alert rules, the same on every cloud (alert-rules.yaml.tftpl), evaluated in the workspace.',
    ),
    resource('aws_prometheus_rule_group_namespace', 'alerts', [
      attr('name', expr('var.app_name')),
      attr('workspace_id', expr('aws_prometheus_workspace.this.id')),
      attr('data', expr(templateCall(ALERT_RULES_TEMPLATE))),
    ]),
    resource('aws_prometheus_alert_manager_definition', 'this', [
      attr('workspace_id', expr('aws_prometheus_workspace.this.id')),
      attr(
        'definition',
        expr(
          `yamlencode({ alertmanager_config = yamlencode({ route = { receiver = "sns", group_by = ["alertname", "namespace"] }, receivers = [{ name = "sns", sns_configs = [{ topic_arn = aws_sns_topic.alerts.arn, sigv4 = { region = ${AWS_REGION} }, attributes = { source = var.name } }] }] }) })`,
        ),
      ),
      attr('depends_on', [expr('aws_sns_topic_policy.alerts')]),
    ]),
  ];
}

/**
 * Amazon Managed Grafana signs people in through IAM Identity Center (or SAML), which a fresh
 * account does not have, so it is created only when `grafana_enabled` is set. It reads the
 * workspace with its own role; the dashboard is the module's app-dashboard.json.tftpl, imported
 * from the `grafana_dashboard_json` output.
 */
function grafana(): HclBody {
  return [
    data('aws_iam_policy_document', 'grafana_assume', [
      policyStatement({
        sid: 'ManagedGrafana',
        actions: ['sts:AssumeRole'],
        principals: [
          { type: 'Service', identifiers: ['grafana.amazonaws.com'] },
        ],
        conditions: [
          {
            test: 'StringEquals',
            variable: 'aws:SourceAccount',
            values: [expr(AWS_ACCOUNT_ID)],
          },
        ],
      }),
    ]),
    resource('aws_iam_role', 'grafana', [
      attr('count', expr('var.grafana_enabled ? 1 : 0')),
      attr('name', expr('"${var.name}-grafana"')),
      attr(
        'assume_role_policy',
        expr('data.aws_iam_policy_document.grafana_assume.json'),
      ),
    ]),
    resource('aws_iam_role_policy_attachment', 'grafana_prometheus', [
      attr('count', expr('var.grafana_enabled ? 1 : 0')),
      attr('role', expr('aws_iam_role.grafana[0].name')),
      attr(
        'policy_arn',
        expr(
          `"arn:\${${AWS_PARTITION}}:iam::aws:policy/AmazonPrometheusQueryAccess"`,
        ),
      ),
    ]),
    resource('aws_grafana_workspace', 'this', [
      attr('count', expr('var.grafana_enabled ? 1 : 0')),
      attr('name', expr('var.name')),
      attr('account_access_type', 'CURRENT_ACCOUNT'),
      attr('authentication_providers', ['AWS_SSO']),
      attr('permission_type', 'CUSTOMER_MANAGED'),
      attr('role_arn', expr('aws_iam_role.grafana[0].arn')),
      attr('data_sources', ['PROMETHEUS']),
    ]),
  ];
}

const outputs = [
  terraformOutput({
    name: 'prometheus_endpoint',
    description:
      'Endpoint of the workspace; remote write goes to <endpoint>api/v1/remote_write.',
    value: 'aws_prometheus_workspace.this.prometheus_endpoint',
  }),
  terraformOutput({
    name: 'workspace_arn',
    description: 'ARN of the Prometheus workspace.',
    value: 'aws_prometheus_workspace.this.arn',
  }),
  terraformOutput({
    name: 'scraper_arn',
    description:
      'ARN of the managed Prometheus collector that scrapes the cluster.',
    value: 'aws_prometheus_scraper.this.arn',
  }),
  terraformOutput({
    name: 'application_log_group',
    description: 'CloudWatch log group of the pod logs.',
    value: 'aws_cloudwatch_log_group.container_insights["application"].name',
  }),
  terraformOutput({
    name: 'grafana_endpoint',
    description:
      'URL of Amazon Managed Grafana, or null while grafana_enabled is off.',
    value: 'one(aws_grafana_workspace.this[*].endpoint)',
  }),
  terraformOutput({
    name: 'grafana_workspace_id',
    description:
      'ID of the Amazon Managed Grafana workspace, or null while grafana_enabled is off.',
    value: 'one(aws_grafana_workspace.this[*].id)',
  }),
  terraformOutput({
    name: 'grafana_dashboard_json',
    description:
      "The application dashboard (Grafana JSON) for this environment's namespace, to import into Grafana.",
    value: templateCall(DASHBOARD_TEMPLATE),
  }),
  terraformOutput({
    name: 'alerts_topic_arn',
    description: 'SNS topic receiving alarms.',
    value: 'aws_sns_topic.alerts.arn',
  }),
];

/**
 * The AWS monitoring module: a managed Prometheus workspace with the AWS managed collector, pod
 * logs through the CloudWatch Observability add-on, and alerting.
 */
export function awsMonitoringModule(options: {
  hooks: readonly AwsMonitoringHook[];
}): FileTree {
  return {
    ...moduleFiles({
      cloud: 'aws',
      capability: 'monitoring',
      variables: variables(options.hooks),
      main: main(options.hooks),
      outputs,
    }),
    ...monitoringTemplates({
      directory: modulePath({ cloud: 'aws', capability: 'monitoring' }),
      source: 'kube-state-metrics',
      dashboard: 'grafana',
    }),
  };
}
