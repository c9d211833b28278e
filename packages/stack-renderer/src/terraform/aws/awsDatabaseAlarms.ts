import {
  attr,
  comment,
  expr,
  resource,
  type HclBody,
  type HclNode,
} from '../../hcl/hcl';

/**
 * The CloudWatch alarms on the stack's RDS instance, the same on EKS and ECS (the database is
 * outside both; the monitoring module of either adds them through the database's monitoring hook),
 * to the alerts topic.
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
  ];
}

/** How many alarms {@link awsDatabaseAlarms} renders, one metric each (what the estimate prices). */
export function awsDatabaseAlarmCount(): number {
  return awsDatabaseAlarms().filter(entry => {
    const node = entry as HclNode;
    return node?.kind === 'block' && node.type === 'resource';
  }).length;
}
