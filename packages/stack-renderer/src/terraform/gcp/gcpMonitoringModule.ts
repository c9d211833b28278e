import {
  attr,
  blank,
  block,
  comment,
  expr,
  resource,
  type HclBody,
} from '../../hcl/hcl';
import {
  ALERT_RULES_TEMPLATE,
  DASHBOARD_TEMPLATE,
  monitoringTemplates,
  templateCall,
} from '../../monitoring/monitoringTemplates';
import type { FileTree } from '../../types';
import { appMonitoringVariables } from '../common/appMonitoringVariables';
import { modulePath } from '../common/capability';
import { moduleFiles } from '../common/moduleFiles';
import { terraformOutput } from '../common/terraformOutput';
import { terraformVariable } from '../common/terraformVariable';
import { gcpModuleBaseVariables } from './gcpModuleBase';

function variables(): HclBody {
  return [
    gcpModuleBaseVariables({ region: false }),
    terraformVariable({
      name: 'cluster_name',
      type: 'string',
      description: 'Name of the GKE cluster.',
    }),
    appMonitoringVariables(),
    terraformVariable({
      name: 'notification_channels',
      type: 'list(string)',
      description:
        'IDs of existing notification channels (projects/<project>/notificationChannels/<id>) to alert as well.',
      default: [],
    }),
  ];
}

function alertPolicies(): HclBody {
  return [
    resource('google_monitoring_notification_channel', 'email', [
      attr('count', expr('var.alert_email == null ? 0 : 1')),
      attr('project', expr('var.project_id')),
      attr('display_name', expr('"${var.name} alerts"')),
      attr('type', 'email'),
      attr('labels', { email_address: expr('var.alert_email') }),
      attr('user_labels', expr('var.labels')),
    ]),
    block(
      'locals',
      [],
      [
        attr(
          'notification_channels',
          expr(
            'concat(var.notification_channels, google_monitoring_notification_channel.email[*].id)',
          ),
        ),
        comment(
          'The alert rules, the same on every cloud (alert-rules.yaml.tftpl), as PromQL policies.',
        ),
        attr(
          'alert_rules',
          expr(
            `{ for rule in yamldecode(${templateCall(
              ALERT_RULES_TEMPLATE,
            )}).groups[0].rules : rule.alert => rule }`,
          ),
        ),
      ],
    ),
    comment(
      [
        'Cloud Monitoring evaluates the PromQL over Managed Service for Prometheus (the PodMonitoring',
        "of the application, GKE's kube-state-metrics package) and its own system metrics.",
      ].join('\n'),
    ),
    resource('google_monitoring_alert_policy', 'app', [
      attr('for_each', expr('local.alert_rules')),
      blank(),
      attr('project', expr('var.project_id')),
      attr('display_name', expr('"${var.name}: ${each.key}"')),
      attr('combiner', 'OR'),
      attr('severity', expr('upper(each.value.labels.severity)')),
      attr('notification_channels', expr('local.notification_channels')),
      attr('user_labels', expr('var.labels')),
      blank(),
      block(
        'conditions',
        [],
        [
          attr('display_name', expr('each.value.annotations.summary')),
          block(
            'condition_prometheus_query_language',
            [],
            [
              attr('query', expr('each.value.expr')),
              attr(
                'duration',
                expr('"${tonumber(trimsuffix(each.value["for"], "m")) * 60}s"'),
              ),
              attr('evaluation_interval', '60s'),
              attr('alert_rule', expr('each.key')),
              attr('rule_group', expr('var.app_name')),
            ],
          ),
        ],
      ),
      blank(),
      block('alert_strategy', [], [attr('auto_close', '1800s')]),
      blank(),
      block(
        'documentation',
        [],
        [
          attr('mime_type', 'text/markdown'),
          attr(
            'content',
            expr(
              '"${each.value.annotations.summary} Namespace ${var.app_namespace}, cluster ${var.cluster_name}."',
            ),
          ),
        ],
      ),
    ]),
  ];
}

function main(): HclBody {
  return [
    alertPolicies(),
    comment(
      [
        'GCP has no managed Grafana: the application dashboard (the same panels as the Grafana one on',
        'AWS and Azure) is a Cloud Monitoring dashboard with PromQL charts.',
      ].join('\n'),
    ),
    resource('google_monitoring_dashboard', 'app', [
      attr('project', expr('var.project_id')),
      attr('dashboard_json', expr(templateCall(DASHBOARD_TEMPLATE))),
    ]),
  ];
}

const outputs = [
  terraformOutput({
    name: 'alert_policy_ids',
    description: 'IDs of the alert policies.',
    value: '[for policy in google_monitoring_alert_policy.app : policy.name]',
  }),
  terraformOutput({
    name: 'dashboard_id',
    description: 'ID of the Cloud Monitoring dashboard of the application.',
    value: 'google_monitoring_dashboard.app.id',
  }),
];

/**
 * The monitoring module. Metrics collection (Cloud Monitoring system metrics and Google Cloud
 * Managed Service for Prometheus) is switched on in the cluster itself and the application's
 * PodMonitoring is in the Kustomize component; this module adds the alert policies, their
 * notification channel and the application dashboard.
 */
export function gcpMonitoringModule(): FileTree {
  return {
    ...moduleFiles({
      cloud: 'gcp',
      capability: 'monitoring',
      variables: variables(),
      main: main(),
      outputs,
    }),
    ...monitoringTemplates({
      directory: modulePath({ cloud: 'gcp', capability: 'monitoring' }),
      source: 'gke',
      dashboard: 'cloud-monitoring',
    }),
  };
}
