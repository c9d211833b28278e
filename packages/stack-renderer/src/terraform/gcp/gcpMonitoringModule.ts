import {
  attr,
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
import { gcpAlertChannels, gcpPromqlAlertPolicies } from './gcpAlertPolicies';

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
    gcpAlertChannels([
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
    ]),
    comment(
      [
        'Cloud Monitoring evaluates the PromQL over Managed Service for Prometheus (the PodMonitoring',
        "of the application, GKE's kube-state-metrics package) and its own system metrics.",
      ].join('\n'),
    ),
    gcpPromqlAlertPolicies({
      id: 'app',
      forEach: 'local.alert_rules',
      severity: expr('upper(each.value.labels.severity)'),
      summary: 'each.value.annotations.summary',
      query: 'each.value.expr',
      duration: '"${tonumber(trimsuffix(each.value["for"], "m")) * 60}s"',
      condition: [
        attr('alert_rule', expr('each.key')),
        attr('rule_group', expr('var.app_name')),
      ],
      documentation:
        '"${each.value.annotations.summary} Namespace ${var.app_namespace}, cluster ${var.cluster_name}."',
    }),
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
    gcpPromqlAlertPolicies({
      id: 'database',
      forEach: 'local.database_alerts',
      severity: 'WARNING',
    }),
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
