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
import { appMonitoringVariables } from '../common/appMonitoringVariables';
import { modulePath } from '../common/capability';
import type { FileTree } from '../../types';
import { terraformOutput } from '../common/terraformOutput';
import { terraformVariable } from '../common/terraformVariable';
import { commonModuleVariables, placement } from './azureHclBlocks';
import { moduleFiles } from '../common/moduleFiles';
import {
  azureDatabaseAlerts,
  azureDatabaseAlertVariable,
} from './azureDatabaseAlerts';

const PROMETHEUS_STREAM = 'Microsoft-PrometheusMetrics';
const DESTINATION = 'monitor-workspace';

function main(): HclBody {
  return [
    comment(
      "Managed Prometheus: the cluster's metrics add-on scrapes, this rule sends the samples to the\n" +
        'Azure Monitor workspace. Logs stay in the Log Analytics workspace of the cluster module.',
    ),
    resource('azurerm_monitor_workspace', 'this', [
      attr('name', expr('"${var.name_prefix}-prometheus"')),
      placement(),
      attr('tags', expr('var.tags')),
    ]),
    resource('azurerm_monitor_data_collection_endpoint', 'prometheus', [
      attr('name', expr('"${var.name_prefix}-prometheus"')),
      placement(),
      attr('kind', 'Linux'),
      attr('tags', expr('var.tags')),
    ]),
    resource('azurerm_monitor_data_collection_rule', 'prometheus', [
      attr('name', expr('"${var.name_prefix}-prometheus"')),
      placement(),
      attr('kind', 'Linux'),
      attr(
        'data_collection_endpoint_id',
        expr('azurerm_monitor_data_collection_endpoint.prometheus.id'),
      ),
      block(
        'destinations',
        [],
        [
          block(
            'monitor_account',
            [],
            [
              attr(
                'monitor_account_id',
                expr('azurerm_monitor_workspace.this.id'),
              ),
              attr('name', DESTINATION),
            ],
          ),
        ],
      ),
      block(
        'data_flow',
        [],
        [
          attr('streams', [PROMETHEUS_STREAM]),
          attr('destinations', [DESTINATION]),
        ],
      ),
      block(
        'data_sources',
        [],
        [
          block(
            'prometheus_forwarder',
            [],
            [attr('name', 'prometheus'), attr('streams', [PROMETHEUS_STREAM])],
          ),
        ],
      ),
      attr('tags', expr('var.tags')),
    ]),
    resource('azurerm_monitor_data_collection_rule_association', 'prometheus', [
      attr('name', expr('"${var.name_prefix}-prometheus"')),
      attr('target_resource_id', expr('var.cluster_id')),
      attr(
        'data_collection_rule_id',
        expr('azurerm_monitor_data_collection_rule.prometheus.id'),
      ),
    ]),
    comment(
      'The metrics agent reads its configuration from the endpoint; Azure requires this association name.',
    ),
    resource(
      'azurerm_monitor_data_collection_rule_association',
      'prometheus_endpoint',
      [
        attr('name', 'configurationAccessEndpoint'),
        attr('target_resource_id', expr('var.cluster_id')),
        attr(
          'data_collection_endpoint_id',
          expr('azurerm_monitor_data_collection_endpoint.prometheus.id'),
        ),
      ],
    ),
    comment(
      'Managed Grafana with Entra sign-in (no API keys), reading Prometheus with its own identity.\n' +
        'Its UI stays reachable from the internet behind Entra ID so people can use dashboards.',
    ),
    resource('azurerm_dashboard_grafana', 'this', [
      attr('name', expr('var.grafana_name')),
      placement(),
      attr('grafana_major_version', '11'),
      attr('sku', 'Standard'),
      attr('api_key_enabled', false),
      attr('zone_redundancy_enabled', expr('var.zone_redundancy_enabled')),
      block('identity', [], [attr('type', 'SystemAssigned')]),
      block(
        'azure_monitor_workspace_integrations',
        [],
        [attr('resource_id', expr('azurerm_monitor_workspace.this.id'))],
      ),
      attr('tags', expr('var.tags')),
    ]),
    resource('azurerm_role_assignment', 'grafana_prometheus', [
      attr('scope', expr('azurerm_monitor_workspace.this.id')),
      attr('role_definition_name', 'Monitoring Data Reader'),
      attr(
        'principal_id',
        expr('azurerm_dashboard_grafana.this.identity[0].principal_id'),
      ),
      attr('principal_type', 'ServicePrincipal'),
    ]),
    resource('azurerm_role_assignment', 'grafana_monitoring', [
      attr('scope', expr('var.resource_group_id')),
      attr('role_definition_name', 'Monitoring Reader'),
      attr(
        'principal_id',
        expr('azurerm_dashboard_grafana.this.identity[0].principal_id'),
      ),
      attr('principal_type', 'ServicePrincipal'),
    ]),
    comment(
      "The environment's CI identity imports the application dashboard (make grafana-dashboard).",
    ),
    resource('azurerm_role_assignment', 'grafana_ci', [
      attr('scope', expr('azurerm_dashboard_grafana.this.id')),
      attr('role_definition_name', 'Grafana Editor'),
      attr('principal_id', expr('var.ci_principal_id')),
      attr('principal_type', 'ServicePrincipal'),
    ]),
    resource('azurerm_role_assignment', 'grafana_admins', [
      attr('for_each', expr('toset(var.grafana_admin_object_ids)')),
      attr('scope', expr('azurerm_dashboard_grafana.this.id')),
      attr('role_definition_name', 'Grafana Admin'),
      attr('principal_id', expr('each.value')),
      attr('principal_type', 'Group'),
    ]),
    alerting(),
  ];
}

/** Azure Monitor alert severities: 0 critical to 4 verbose. */
const SEVERITY = 'rule.value.labels.severity == "critical" ? 1 : 2';

/**
 * Alerts: the stack's Prometheus rules (alert-rules.yaml.tftpl, the same on every cloud) evaluated
 * on the Azure Monitor workspace, and one action group, which mails the alert email, for them and
 * for the services' metric alerts.
 */
function alerting(): HclBody {
  return [
    resource('azurerm_monitor_action_group', 'alerts', [
      attr('name', expr('"${var.name_prefix}-alerts"')),
      attr('resource_group_name', expr('var.resource_group_name')),
      attr('short_name', 'skyforge'),
      block(
        'dynamic',
        ['email_receiver'],
        [
          attr(
            'for_each',
            expr('var.alert_email == null ? [] : [var.alert_email]'),
          ),
          block(
            'content',
            [],
            [
              attr('name', 'on-call'),
              attr('email_address', expr('email_receiver.value')),
              attr('use_common_alert_schema', true),
            ],
          ),
        ],
      ),
      attr('tags', expr('var.tags')),
    ]),
    resource('azurerm_monitor_alert_prometheus_rule_group', 'app', [
      attr('name', expr('"${var.name_prefix}-app"')),
      placement(),
      attr('description', 'Alert rules of the application and its cluster.'),
      attr('rule_group_enabled', true),
      attr('interval', 'PT1M'),
      attr('scopes', [
        expr('azurerm_monitor_workspace.this.id'),
        expr('var.cluster_id'),
      ]),
      blank(),
      block(
        'dynamic',
        ['rule'],
        [
          attr(
            'for_each',
            expr(
              `yamldecode(${templateCall(
                ALERT_RULES_TEMPLATE,
              )}).groups[0].rules`,
            ),
          ),
          block(
            'content',
            [],
            [
              attr('alert', expr('rule.value.alert')),
              attr('expression', expr('rule.value.expr')),
              attr(
                'for',
                expr(
                  'rule.value["for"] == "0m" ? null : "PT${upper(rule.value["for"])}"',
                ),
              ),
              attr('severity', expr(SEVERITY)),
              attr('enabled', true),
              attr('labels', expr('rule.value.labels')),
              attr('annotations', expr('rule.value.annotations')),
              block(
                'action',
                [],
                [
                  attr(
                    'action_group_id',
                    expr('azurerm_monitor_action_group.alerts.id'),
                  ),
                ],
              ),
              block(
                'alert_resolution',
                [],
                [attr('auto_resolved', true), attr('time_to_resolve', 'PT10M')],
              ),
            ],
          ),
        ],
      ),
      attr('tags', expr('var.tags')),
    ]),
    comment(
      'The database is outside the cluster: Azure Monitor platform metrics watch it, as on Container Apps.',
    ),
    azureDatabaseAlerts('azurerm_monitor_action_group.alerts.id'),
  ];
}

function variables(): HclBody {
  return [
    commonModuleVariables(),
    terraformVariable({
      name: 'resource_group_id',
      type: 'string',
      description:
        'ID of the environment resource group (Grafana reads Azure Monitor there).',
    }),
    terraformVariable({
      name: 'cluster_id',
      type: 'string',
      description: 'ID of the AKS cluster whose metrics are collected.',
    }),
    terraformVariable({
      name: 'grafana_name',
      type: 'string',
      description:
        'Name of the Grafana instance: 2 to 23 letters, digits and hyphens.',
      validations: [
        {
          condition:
            'can(regex("^[a-zA-Z][a-zA-Z0-9-]{0,21}[a-zA-Z0-9]$", var.grafana_name))',
          message:
            'grafana_name must be 2 to 23 letters, digits and hyphens, starting with a letter.',
        },
      ],
    }),
    terraformVariable({
      name: 'zone_redundancy_enabled',
      type: 'bool',
      description: 'Spread Grafana over zones.',
    }),
    terraformVariable({
      name: 'ci_principal_id',
      type: 'string',
      description:
        "Object ID of the environment's CI identity, made Grafana Editor to import the dashboard.",
    }),
    terraformVariable({
      name: 'grafana_admin_object_ids',
      type: 'list(string)',
      description: 'Entra ID groups given Grafana Admin.',
      default: [],
    }),
    appMonitoringVariables(),
    azureDatabaseAlertVariable(),
  ];
}

function outputs(): HclBody {
  return [
    terraformOutput({
      name: 'monitor_workspace_id',
      description: 'Azure Monitor workspace (managed Prometheus).',
      value: 'azurerm_monitor_workspace.this.id',
    }),
    terraformOutput({
      name: 'prometheus_query_endpoint',
      description: 'PromQL endpoint of the workspace.',
      value: 'azurerm_monitor_workspace.this.query_endpoint',
    }),
    terraformOutput({
      name: 'grafana_endpoint',
      description: 'URL of Grafana.',
      value: 'azurerm_dashboard_grafana.this.endpoint',
    }),
    terraformOutput({
      name: 'grafana_name',
      description: 'Name of Grafana (make grafana-dashboard imports into it).',
      value: 'azurerm_dashboard_grafana.this.name',
    }),
    terraformOutput({
      name: 'grafana_dashboard_json',
      description:
        "The application dashboard (Grafana JSON) for this environment's namespace, to import into Grafana.",
      value: templateCall(DASHBOARD_TEMPLATE),
    }),
    terraformOutput({
      name: 'action_group_id',
      description: 'Action group that receives every alert.',
      value: 'azurerm_monitor_action_group.alerts.id',
    }),
  ];
}

/** `infra/modules/monitoring/azure`: managed Prometheus, Grafana, alert rules and their action group. */
export function azureMonitoringModule(): FileTree {
  return {
    ...moduleFiles({
      cloud: 'azure',
      capability: 'monitoring',
      description:
        'Monitoring of one environment: managed Prometheus (Azure Monitor workspace), Managed Grafana and alerts.',
      variables: variables(),
      main: main(),
      outputs: outputs(),
    }),
    ...monitoringTemplates({
      directory: modulePath({ cloud: 'azure', capability: 'monitoring' }),
      source: 'kube-state-metrics',
      dashboard: 'grafana',
    }),
  };
}
