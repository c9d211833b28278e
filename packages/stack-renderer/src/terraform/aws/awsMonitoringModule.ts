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
import { AWS_PARTITION, awsContextData } from './awsContextData';
import { moduleFiles } from '../common/moduleFiles';
import type { AwsMonitoringHook } from './awsService';
import { eksAddon } from './eksAddon';
import { kmsKey } from './kmsKey';
import { podIdentityAssumePolicy } from './podIdentityRole';
import { terraformOutput } from '../common/terraformOutput';
import { terraformVariable } from '../common/terraformVariable';

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
      servicePrincipals: ['cloudwatch.amazonaws.com'],
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
    comment(
      [
        'The scrape configuration AWS publishes for EKS (GetDefaultScraperConfiguration). The cluster',
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
        expr(
          'data.aws_prometheus_default_scraper_configuration.this.configuration',
        ),
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
    podLogs(),
    comment(
      'Alarm notifications; subscribe the on-call channel (email, chat, pager) to this topic.',
    ),
    resource('aws_sns_topic', 'alerts', [
      attr('name', expr('"${var.name}-alerts"')),
      attr('kms_master_key_id', expr('aws_kms_key.monitoring.arn')),
    ]),
    hooks.map(hook => hook.resources),
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
  return moduleFiles({
    cloud: 'aws',
    capability: 'monitoring',
    variables: variables(options.hooks),
    main: main(options.hooks),
    outputs,
  });
}
