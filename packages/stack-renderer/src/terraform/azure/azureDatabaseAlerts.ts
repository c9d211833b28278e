import {
  attr,
  block,
  expr,
  resource,
  type HclBlock,
  type HclBody,
} from '../../hcl/hcl';
import { terraformVariable } from '../common/terraformVariable';

/** One Azure Monitor metric alert on the PostgreSQL flexible server. */
interface DatabaseAlert {
  id: string;
  description: string;
  /** Platform metric of Microsoft.DBforPostgreSQL/flexibleServers. */
  metric: string;
  aggregation: 'Average' | 'Maximum';
  operator: 'GreaterThan' | 'LessThan';
  threshold: number;
  window: string;
}

/**
 * The alerts on the stack's PostgreSQL flexible server, the same on AKS and Container Apps (the
 * database is outside both), from its platform metrics ("Supported metrics for
 * Microsoft.DBforPostgreSQL/flexibleServers": cpu_percent, memory_percent, storage_percent,
 * is_db_alive). CPU and storage use the thresholds of the AWS CloudWatch alarms and the GCP policies.
 */
export const AZURE_DATABASE_ALERTS: readonly DatabaseAlert[] = [
  {
    id: 'database_cpu',
    description: 'Database CPU above 80% for 15 minutes',
    metric: 'cpu_percent',
    aggregation: 'Average',
    operator: 'GreaterThan',
    threshold: 80,
    window: 'PT15M',
  },
  {
    id: 'database_memory',
    description: 'Database memory above 90% for 15 minutes',
    metric: 'memory_percent',
    aggregation: 'Average',
    operator: 'GreaterThan',
    threshold: 90,
    window: 'PT15M',
  },
  {
    id: 'database_storage',
    description: 'Database storage more than 90% used',
    metric: 'storage_percent',
    aggregation: 'Average',
    operator: 'GreaterThan',
    threshold: 90,
    window: 'PT5M',
  },
  {
    id: 'database_down',
    description: 'Database not alive for 5 minutes',
    metric: 'is_db_alive',
    aggregation: 'Maximum',
    operator: 'LessThan',
    threshold: 1,
    window: 'PT5M',
  },
];

/** The `postgres_server_id` variable of an Azure monitoring module. */
export function azureDatabaseAlertVariable(): HclBody {
  return [
    terraformVariable({
      name: 'postgres_server_id',
      type: 'string',
      description:
        'PostgreSQL flexible server whose CPU, memory, storage and availability are watched; null without a database.',
      default: expr('null'),
    }),
  ];
}

function databaseAlert(alert: DatabaseAlert, actionGroupId: string): HclBlock {
  return resource('azurerm_monitor_metric_alert', alert.id, [
    attr('count', expr('var.postgres_server_id == null ? 0 : 1')),
    attr('name', expr(`"\${var.name_prefix}-${alert.id.replace(/_/g, '-')}"`)),
    attr('resource_group_name', expr('var.resource_group_name')),
    attr('scopes', [expr('var.postgres_server_id')]),
    attr('description', alert.description),
    attr('severity', 2),
    attr('frequency', 'PT5M'),
    attr('window_size', alert.window),
    block(
      'criteria',
      [],
      [
        attr('metric_namespace', 'Microsoft.DBforPostgreSQL/flexibleServers'),
        attr('metric_name', alert.metric),
        attr('aggregation', alert.aggregation),
        attr('operator', alert.operator),
        attr('threshold', alert.threshold),
      ],
    ),
    block('action', [], [attr('action_group_id', expr(actionGroupId))]),
    attr('tags', expr('var.tags')),
  ]);
}

/** {@link AZURE_DATABASE_ALERTS} on `var.postgres_server_id` (none while it is null), to the action group. */
export function azureDatabaseAlerts(actionGroupId: string): HclBody {
  return AZURE_DATABASE_ALERTS.map(alert =>
    databaseAlert(alert, actionGroupId),
  );
}
