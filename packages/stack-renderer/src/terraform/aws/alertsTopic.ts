import { attr, data, expr, resource, type HclBody } from '../../hcl/hcl';
import { AWS_ACCOUNT_ID } from './awsContextData';
import type { AwsMonitoringHook } from './awsService';
import { policyStatement } from './policyStatement';

/**
 * The alerts topic of a monitoring module, `aws_sns_topic.alerts`: encrypted with `kmsKeyArn`
 * (whose key policy must let the publishers use it), published to by CloudWatch alarms of this
 * account and by `publishers` (statements before it, such as the Prometheus alert manager), and
 * mailing `var.alert_email` once the recipient confirms the subscription.
 */
export function alertsTopic(options: {
  kmsKeyArn: string;
  publishers?: HclBody;
}): HclBody {
  return [
    resource('aws_sns_topic', 'alerts', [
      attr('name', expr('"${var.name}-alerts"')),
      attr('kms_master_key_id', expr(options.kmsKeyArn)),
    ]),
    data('aws_iam_policy_document', 'alerts_topic', [
      options.publishers ?? [],
      policyStatement({
        sid: 'CloudWatchAlarms',
        actions: ['sns:Publish'],
        resources: [expr('aws_sns_topic.alerts.arn')],
        principals: [
          { type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] },
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
    resource('aws_sns_topic_policy', 'alerts', [
      attr('arn', expr('aws_sns_topic.alerts.arn')),
      attr('policy', expr('data.aws_iam_policy_document.alerts_topic.json')),
    ]),
    resource('aws_sns_topic_subscription', 'alert_email', [
      attr('count', expr('var.alert_email == null ? 0 : 1')),
      attr('topic_arn', expr('aws_sns_topic.alerts.arn')),
      attr('protocol', 'email'),
      attr('endpoint', expr('var.alert_email')),
    ]),
  ];
}

/** The service principals of `hooks` that publish to the alerts topic themselves (its key must admit them). */
export function topicPublisherPrincipals(
  hooks: readonly AwsMonitoringHook[],
): string[] {
  return hooks.flatMap(hook =>
    hook.topicPublisher ? [hook.topicPublisher.servicePrincipal] : [],
  );
}

/** The topic policy statements of `hooks` that publish to the alerts topic themselves. */
export function topicPublisherStatements(
  hooks: readonly AwsMonitoringHook[],
): HclBody {
  return hooks.map(hook => hook.topicPublisher?.statement ?? []);
}
