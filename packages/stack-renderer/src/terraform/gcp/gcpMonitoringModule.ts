import { attr, comment, expr, resource, type HclBody } from '../../hcl/hcl';
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
import {
  gcpAlertChannels,
  gcpDatabaseAlertPolicies,
  gcpDatabaseInstanceVariable,
  gcpPromqlAlertPolicies,
} from './gcpAlertPolicies';

function variables(): HclBody {
  return [
    gcpModuleBaseVariables({ region: false }),
    terraformVariable({
      name: 'cluster_name',
      type: 'string',
      description: 'Name of the GKE cluster.',
    }),
    appMonitoringVariables(),
    gcpDatabaseInstanceVariable(),
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

function main(): HclBody {
  return [
    alertPolicies(),
    comment(
      "The database is outside the cluster: Cloud SQL's own metrics watch it, as on Cloud Run.",
    ),
    gcpDatabaseAlertPolicies(),
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
