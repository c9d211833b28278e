import {
  attr,
  block,
  comment,
  expr,
  resource,
  type HclBlock,
  type HclBody,
} from '../../hcl/hcl';
import {
  SATURATION_PERCENT,
  type ServerlessAlert,
} from '../../monitoring/serverlessAlerts';
import type { FileTree } from '../../types';
import { moduleFiles } from '../common/moduleFiles';
import { terraformOutput } from '../common/terraformOutput';
import { terraformVariable } from '../common/terraformVariable';
import {
  azureDatabaseAlerts,
  azureDatabaseAlertVariable,
} from './azureDatabaseAlerts';
import { commonModuleVariables } from './azureHclBlocks';

/** Folder name (capability) of the serverless monitoring module on every cloud. */
export const AZURE_SERVERLESS_MONITORING_CAPABILITY = 'serverless-monitoring';

/** 5xx responses in five minutes above which the server-errors alert fires. */
const SERVER_ERRORS = 10;
/** Replica restarts in five minutes above which the restarts alert fires. */
const RESTARTS = 3;

/**
 * One Azure Monitor metric alert on the container app. Metric alerts take windows of 1, 5, 15,
 * 30 or 60 minutes; the saturation alerts use 15 (the common 10 has no such window).
 */
interface ContainerAppAlert extends ServerlessAlert {
  metric: string;
  aggregation: 'Total' | 'Average' | 'Maximum';
  operator: 'GreaterThan' | 'GreaterThanOrEqual';
  threshold: number | string;
  windowMinutes: 5 | 15;
  dimension?: { name: string; values: string[] };
}

/**
 * The alerts of a Container Apps environment, from the platform metrics of Microsoft.App/containerApps
 * (Azure Monitor, "Supported metrics for Microsoft.App/containerapps"): requests by status class,
 * CPU and memory percentage of the limits, replicas and restarts. Container Apps has no response
 * time metric of its own and a metric alert no ratio, so the latency alerts of the other clouds
 * are not raised here and errors count 5xx responses rather than their share.
 */
export const CONTAINER_APP_ALERTS: readonly ContainerAppAlert[] = [
  {
    id: 'server-errors',
    summary: `More than ${SERVER_ERRORS} requests answered 5xx in 5 minutes`,
    metric: 'Requests',
    aggregation: 'Total',
    operator: 'GreaterThan',
    threshold: SERVER_ERRORS,
    windowMinutes: 5,
    dimension: { name: 'statusCodeCategory', values: ['5xx'] },
  },
  {
    id: 'cpu',
    summary: `Average CPU above ${SATURATION_PERCENT} % of the limit for 15 minutes (autoscaling cannot keep up)`,
    metric: 'CpuPercentage',
    aggregation: 'Average',
    operator: 'GreaterThan',
    threshold: SATURATION_PERCENT,
    windowMinutes: 15,
  },
  {
    id: 'memory',
    summary: `Average memory above ${SATURATION_PERCENT} % of the limit for 15 minutes`,
    metric: 'MemoryPercentage',
    aggregation: 'Average',
    operator: 'GreaterThan',
    threshold: SATURATION_PERCENT,
    windowMinutes: 15,
  },
  {
    id: 'restarts',
    summary: `More than ${RESTARTS} replica restarts in 5 minutes (failing liveness probes or crashes: read ContainerAppSystemLogs_CL)`,
    metric: 'RestartCount',
    aggregation: 'Total',
    operator: 'GreaterThan',
    threshold: RESTARTS,
    windowMinutes: 5,
  },
  {
    id: 'replicas-at-maximum',
    summary:
      'The app reaches its maximum number of replicas (raise spec.app.hpa.max, or requests queue)',
    metric: 'Replicas',
    aggregation: 'Maximum',
    operator: 'GreaterThanOrEqual',
    threshold: 'var.max_replicas',
    windowMinutes: 5,
  },
];

function metricAlert(alert: ContainerAppAlert): HclBlock {
  return resource('azurerm_monitor_metric_alert', alert.id.replace(/-/g, '_'), [
    attr('name', expr(`"\${var.name_prefix}-${alert.id}"`)),
    attr('resource_group_name', expr('var.resource_group_name')),
    attr('scopes', [expr('var.container_app_id')]),
    attr('description', alert.summary),
    attr('severity', 2),
    attr('frequency', 'PT1M'),
    attr('window_size', `PT${alert.windowMinutes}M`),
    block(
      'criteria',
      [],
      [
        attr('metric_namespace', 'Microsoft.App/containerApps'),
        attr('metric_name', alert.metric),
        attr('aggregation', alert.aggregation),
        attr('operator', alert.operator),
        attr(
          'threshold',
          typeof alert.threshold === 'number'
            ? alert.threshold
            : expr(alert.threshold),
        ),
        alert.dimension &&
          block(
            'dimension',
            [],
            [
              attr('name', alert.dimension.name),
              attr('operator', 'Include'),
              attr('values', alert.dimension.values),
            ],
          ),
      ],
    ),
    block(
      'action',
      [],
      [attr('action_group_id', expr('azurerm_monitor_action_group.app.id'))],
    ),
    attr('tags', expr('var.tags')),
  ]);
}

function variables(): HclBody {
  return [
    commonModuleVariables(),
    terraformVariable({
      name: 'container_app_id',
      type: 'string',
      description: 'Resource ID of the container app the alerts watch.',
    }),
    terraformVariable({
      name: 'max_replicas',
      type: 'number',
      description:
        'Most replicas the scale rules start: the replicas-at-maximum alert fires there.',
    }),
    terraformVariable({
      name: 'alert_email',
      type: 'string',
      description:
        'Address the action group mails (spec.alerts.email); null for none (the alerts still show in the portal).',
      default: expr('null'),
    }),
    azureDatabaseAlertVariable(),
  ];
}

/**
 * Monitoring of a serverless environment on Azure, `infra/modules/serverless-monitoring/azure`:
 * Azure Monitor metric alerts on the container app (platform metrics, nothing from the
 * application) and on the stack's PostgreSQL server (as on AKS) to an action group that mails the
 * alert address.
 */
export function azureServerlessMonitoringModule(): FileTree {
  return moduleFiles({
    cloud: 'azure',
    capability: AZURE_SERVERLESS_MONITORING_CAPABILITY,
    description:
      'Alerts of the serverless service of one environment: Azure Monitor metric alerts on the container app and its database.',
    variables: variables(),
    main: [
      comment(
        'Where the alerts go: the alert address when set; without one they show in the portal only.',
      ),
      resource('azurerm_monitor_action_group', 'app', [
        attr('name', expr('"${var.name_prefix}-app-alerts"')),
        attr('resource_group_name', expr('var.resource_group_name')),
        attr('short_name', 'app-alerts'),
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
                attr('name', 'alert-email'),
                attr('email_address', expr('email_receiver.value')),
                attr('use_common_alert_schema', true),
              ],
            ),
          ],
        ),
        attr('tags', expr('var.tags')),
      ]),
      CONTAINER_APP_ALERTS.map(metricAlert),
      comment(
        "The stack's PostgreSQL flexible server, with the same alerts as on AKS (none without a database).",
      ),
      azureDatabaseAlerts('azurerm_monitor_action_group.app.id'),
    ],
    outputs: [
      terraformOutput({
        name: 'action_group_id',
        description: 'Action group the container app alerts notify.',
        value: 'azurerm_monitor_action_group.app.id',
      }),
    ],
  });
}
