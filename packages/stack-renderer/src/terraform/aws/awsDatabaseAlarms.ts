import {
  attr,
  comment,
  expr,
  resource,
  type HclBody,
  type HclNode,
} from '../../hcl/hcl';
import { AWS_ACCOUNT_ID, AWS_PARTITION, AWS_REGION } from './awsContextData';
import type { AwsMonitoringHook } from './awsService';
import { policyStatement } from './policyStatement';

/**
 * What of the RDS instance's events reach the alerts topic: the instance stopping or restarting
 * (availability: RDS-EVENT-0004, RDS-EVENT-0006), a Multi-AZ failover, a failure, storage running
 * out, maintenance and recovery, and configuration changes (with failure and maintenance, the
 * categories of AWS Security Hub control RDS.20). Backups, creation and notices stay out: they
 * would mail on every apply and every night.
 */
export const AWS_DATABASE_EVENT_CATEGORIES = [
  'availability',
  'configuration change',
  'failover',
  'failure',
  'low storage',
  'maintenance',
  'recovery',
];

/**
 * The CloudWatch alarms on the stack's RDS instance, the same on EKS and ECS (the database is
 * outside both; the monitoring module of either adds them through the database's monitoring hook),
 * to the alerts topic, and the instance's own events (a metric cannot tell that it is down: a
 * stopped instance sends no metrics) through an RDS event subscription to the same topic.
 */
export function awsDatabaseAlarms(): HclBody {
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
    comment(
      [
        'RDS reports no memory in use, only what is free, so a threshold on it depends on the instance',
        'class; swapping for a quarter of an hour is memory pressure on any class.',
      ].join('\n'),
    ),
    resource('aws_cloudwatch_metric_alarm', 'database_swap', [
      attr('alarm_name', expr('"${var.name}-database-swap"')),
      attr(
        'alarm_description',
        'Database swapping more than 256 MiB for 15 minutes (too little memory for the workload)',
      ),
      attr('metric_name', 'SwapUsage'),
      attr('statistic', 'Minimum'),
      attr('period', 300),
      attr('evaluation_periods', 3),
      attr('comparison_operator', 'GreaterThanThreshold'),
      attr('threshold', 256 * 1024 ** 2),
      common,
    ]),
    resource('aws_db_event_subscription', 'database', [
      attr('name', expr('"${var.name}-database"')),
      attr('sns_topic', expr('aws_sns_topic.alerts.arn')),
      attr('source_type', 'db-instance'),
      attr('source_ids', [expr('var.database_identifier')]),
      attr('event_categories', AWS_DATABASE_EVENT_CATEGORIES),
      attr('depends_on', [expr('aws_sns_topic_policy.alerts')]),
    ]),
  ];
}

/**
 * RDS publishes events with its own principal: the topic policy lets it publish for this instance
 * only ("Granting permissions to publish notifications to an Amazon SNS topic", Amazon RDS User
 * Guide), and the topic's key lets it encrypt (an encrypted topic needs a customer managed key
 * whose policy admits the publishing service).
 */
export function awsDatabaseTopicPublisher(): NonNullable<
  AwsMonitoringHook['topicPublisher']
> {
  return {
    servicePrincipal: 'events.rds.amazonaws.com',
    statement: policyStatement({
      sid: 'DatabaseEvents',
      actions: ['sns:Publish'],
      resources: [expr('aws_sns_topic.alerts.arn')],
      principals: [
        { type: 'Service', identifiers: ['events.rds.amazonaws.com'] },
      ],
      conditions: [
        {
          test: 'ArnLike',
          variable: 'aws:SourceArn',
          values: [
            expr(
              `"arn:\${${AWS_PARTITION}}:rds:\${${AWS_REGION}}:\${${AWS_ACCOUNT_ID}}:db:\${var.database_identifier}"`,
            ),
          ],
        },
        {
          test: 'StringEquals',
          variable: 'aws:SourceAccount',
          values: [expr(AWS_ACCOUNT_ID)],
        },
      ],
    }),
  };
}

/**
 * How many alarms {@link awsDatabaseAlarms} renders, one metric each (what the estimate prices;
 * RDS event notifications cost nothing beyond the topic's deliveries).
 */
export function awsDatabaseAlarmCount(): number {
  return awsDatabaseAlarms().filter(entry => {
    const node = entry as HclNode;
    return (
      node?.kind === 'block' &&
      node.type === 'resource' &&
      node.labels[0] === 'aws_cloudwatch_metric_alarm'
    );
  }).length;
}
