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
import { awsContextData } from './awsContextData';
import { awsModuleFiles } from './awsModuleFiles';
import type { AwsStackFeatures } from './awsStackFeatures';
import { kmsKey } from './kmsKey';
import { podIdentityAssumePolicy, podIdentityRole } from './podIdentityRole';
import { policyStatement } from './policyStatement';
import { terraformOutput } from '../common/terraformOutput';
import { terraformVariable } from '../common/terraformVariable';

function variables(features: AwsStackFeatures): HclBody {
  return [
    terraformVariable({
      name: 'name',
      type: 'string',
      description: 'Prefix of every resource name, e.g. payments-api-prod.',
    }),
    terraformVariable({
      name: 'cluster_name',
      type: 'string',
      description: 'EKS cluster whose collector writes to the workspace.',
    }),
    terraformVariable({
      name: 'log_retention_days',
      type: 'number',
      description: 'Days to keep workspace logs.',
    }),
    terraformVariable({
      name: 'collector_namespace',
      type: 'string',
      description:
        'Namespace of the in-cluster Prometheus collector (agent mode, remote write).',
      default: 'monitoring',
    }),
    terraformVariable({
      name: 'collector_service_account',
      type: 'string',
      description: 'ServiceAccount of the in-cluster Prometheus collector.',
      default: 'prometheus',
    }),
    features.postgres &&
      terraformVariable({
        name: 'database_identifier',
        type: 'string',
        description: 'RDS instance watched by the CloudWatch alarms.',
      }),
  ];
}

function databaseAlarms(): HclBody {
  const common = [
    attr('namespace', 'AWS/RDS'),
    attr('dimensions', {
      DBInstanceIdentifier: expr('var.database_identifier'),
    }),
    attr('alarm_actions', [expr('aws_sns_topic.alerts.arn')]),
    attr('ok_actions', [expr('aws_sns_topic.alerts.arn')]),
  ];
  return [
    comment(
      'The database is outside the cluster, so Prometheus does not see it; CloudWatch watches it instead.',
    ),
    resource('aws_cloudwatch_metric_alarm', 'database_cpu', [
      attr('alarm_name', expr('"${var.name}-database-cpu"')),
      attr('alarm_description', 'Database CPU above 80% for 15 minutes'),
      attr('metric_name', 'CPUUtilization'),
      attr('statistic', 'Average'),
      attr('period', 300),
      attr('evaluation_periods', 3),
      attr('comparison_operator', 'GreaterThanThreshold'),
      attr('threshold', 80),
      common,
    ]),
    resource('aws_cloudwatch_metric_alarm', 'database_storage', [
      attr('alarm_name', expr('"${var.name}-database-storage"')),
      attr(
        'alarm_description',
        'Less than 5 GiB of database storage left (storage autoscaling at its limit)',
      ),
      attr('metric_name', 'FreeStorageSpace'),
      attr('statistic', 'Minimum'),
      attr('period', 300),
      attr('evaluation_periods', 1),
      attr('comparison_operator', 'LessThanThreshold'),
      attr('threshold', 5 * 1024 ** 3),
      common,
    ]),
  ];
}

function main(features: AwsStackFeatures): HclBody {
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
        'Amazon Managed Service for Prometheus stores the metrics; an in-cluster Prometheus in agent',
        'mode (or the ADOT collector) scrapes the cluster and remote-writes here. Grafana queries it.',
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
    ]),
    podIdentityAssumePolicy(),
    data('aws_iam_policy_document', 'collector', [
      policyStatement({
        sid: 'RemoteWrite',
        actions: ['aps:RemoteWrite'],
        resources: [expr('aws_prometheus_workspace.this.arn')],
      }),
    ]),
    podIdentityRole({
      id: 'collector',
      roleSuffix: 'prometheus-collector',
      description: 'In-cluster Prometheus collector (remote write only)',
      clusterName: 'var.cluster_name',
      namespace: expr('var.collector_namespace'),
      serviceAccount: expr('var.collector_service_account'),
      policyDocument: 'collector',
    }),
    comment(
      'Alarm notifications; subscribe the on-call channel (email, chat, pager) to this topic.',
    ),
    resource('aws_sns_topic', 'alerts', [
      attr('name', expr('"${var.name}-alerts"')),
      attr('kms_master_key_id', expr('aws_kms_key.monitoring.arn')),
    ]),
    features.postgres && databaseAlarms(),
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
    name: 'collector_role_arn',
    description:
      'IAM role of the in-cluster collector, bound by EKS Pod Identity.',
    value: 'aws_iam_role.collector.arn',
  }),
  terraformOutput({
    name: 'alerts_topic_arn',
    description: 'SNS topic receiving alarms.',
    value: 'aws_sns_topic.alerts.arn',
  }),
];

/** The AWS monitoring module: a managed Prometheus workspace, its collector role and alerting. */
export function awsMonitoringModule(features: AwsStackFeatures): FileTree {
  return awsModuleFiles({
    capability: 'monitoring',
    variables: variables(features),
    main: main(features),
    outputs,
  });
}
