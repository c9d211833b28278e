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
      name: 'database_instance',
      type: 'string',
      description:
        'Name of the Cloud SQL instance whose CPU and disk are watched; null without a database.',
      default: expr('null'),
    }),
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

/**
 * The database is outside the cluster: Cloud SQL's own system metrics, read with PromQL, watch
 * its CPU and disk (the thresholds of the AWS CloudWatch alarms and the Azure metric alerts).
 */
function databasePolicies(): HclBody {
  const instance =
    'database_id=\\"${var.project_id}:${var.database_instance}\\"';
  return [
    block(
      'locals',
      [],
      [
        attr(
          'database_alerts',
          expr(
            `var.database_instance == null ? {} : { DatabaseHighCpu = { query = "cloudsql_googleapis_com:database_cpu_utilization{${instance}} > 0.8", duration = "900s", summary = "Database CPU above 80% for 15 minutes." }, DatabaseStorageFull = { query = "cloudsql_googleapis_com:database_disk_utilization{${instance}} > 0.9", duration = "300s", summary = "Database disk more than 90% full." } }`,
          ),
        ),
      ],
    ),
    resource('google_monitoring_alert_policy', 'database', [
      attr('for_each', expr('local.database_alerts')),
      blank(),
      attr('project', expr('var.project_id')),
      attr('display_name', expr('"${var.name}: ${each.key}"')),
      attr('combiner', 'OR'),
      attr('severity', 'WARNING'),
      attr('notification_channels', expr('local.notification_channels')),
      attr('user_labels', expr('var.labels')),
      blank(),
      block(
        'conditions',
        [],
        [
          attr('display_name', expr('each.value.summary')),
          block(
            'condition_prometheus_query_language',
            [],
            [
              attr('query', expr('each.value.query')),
              attr('duration', expr('each.value.duration')),
              attr('evaluation_interval', '60s'),
            ],
          ),
        ],
      ),
      blank(),
      block('alert_strategy', [], [attr('auto_close', '1800s')]),
    ]),
  ];
}

function main(): HclBody {
  return [
    alertPolicies(),
    databasePolicies(),
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
    value:
      'concat([for policy in google_monitoring_alert_policy.app : policy.name], [for policy in google_monitoring_alert_policy.database : policy.name])',
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
