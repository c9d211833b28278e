import type { TerraformRule } from '../types';
import { blocks, expectPresent, expectTrue, firstFailure } from './ruleHelpers';

/**
 * Alerts that reach somebody: an alarm or alert policy without a target changes state in a console
 * nobody watches, and an unencrypted alerts topic leaks what the alarms say about the service.
 */
export const MONITORING_RULES: readonly TerraformRule[] = [
  {
    id: 'CKV_AWS_26',
    title: 'SNS topics encrypted with KMS',
    cloud: 'aws',
    resourceTypes: ['aws_sns_topic'],
    check: ({ resource }) =>
      expectPresent(resource.body, 'kms_master_key_id', 'a KMS key'),
  },
  {
    id: 'SKYFORGE_AWS_ALARM_ACTIONS',
    title: 'CloudWatch alarms act when they fire (a topic or a scaling policy)',
    cloud: 'aws',
    resourceTypes: ['aws_cloudwatch_metric_alarm'],
    check: ({ resource }) =>
      firstFailure(
        expectPresent(
          resource.body,
          'alarm_actions',
          'a topic or scaling policy to notify',
        ),
        expectTrue(resource.body, 'actions_enabled', true),
      ),
  },
  {
    id: 'SKYFORGE_GCP_ALERT_POLICY_CHANNELS',
    title: 'Cloud Monitoring alert policies notify a channel',
    cloud: 'gcp',
    resourceTypes: ['google_monitoring_alert_policy'],
    check: ({ resource }) =>
      firstFailure(
        expectPresent(
          resource.body,
          'notification_channels',
          'notification channels to alert',
        ),
        expectTrue(resource.body, 'enabled', true),
      ),
  },
  {
    id: 'SKYFORGE_AZURE_METRIC_ALERT_ACTION',
    title: 'Azure Monitor metric alerts notify an action group',
    cloud: 'azure',
    resourceTypes: ['azurerm_monitor_metric_alert'],
    check: ({ resource }) =>
      firstFailure(
        blocks(resource.body, 'action').some(
          action => action.action_group_id !== undefined,
        )
          ? undefined
          : 'no action block with an action_group_id: the alert notifies nobody',
        expectTrue(resource.body, 'enabled', true),
      ),
  },
];
