import {
  attr,
  blank,
  block,
  expr,
  resource,
  type HclBody,
  type HclValue,
} from '../../hcl/hcl';
import { terraformVariable } from '../common/terraformVariable';

/**
 * Where a GCP monitoring module's alerts go: an email channel for `var.alert_email` (when set) and
 * `local.notification_channels`, the existing channels of `var.notification_channels` with it.
 * `locals` adds the module's own locals to the same block.
 */
export function gcpAlertChannels(locals: HclBody = []): HclBody {
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
        locals,
      ],
    ),
  ];
}

/**
 * `google_monitoring_alert_policy.<id>`, one per entry of `forEach` (a map whose values carry
 * `query`, `duration` and `summary` unless given otherwise): a PromQL condition evaluated every
 * minute, notifying {@link gcpAlertChannels}, closed 30 minutes after it clears.
 */
export function gcpPromqlAlertPolicies(options: {
  id: string;
  forEach: string;
  severity: HclValue;
  summary?: string;
  query?: string;
  duration?: string;
  /** Further attributes of the PromQL condition (the rule's name and group). */
  condition?: HclBody;
  /** The notification text (Markdown), an HCL expression. */
  documentation?: string;
}): HclBody {
  return [
    resource('google_monitoring_alert_policy', options.id, [
      attr('for_each', expr(options.forEach)),
      blank(),
      attr('project', expr('var.project_id')),
      attr('display_name', expr('"${var.name}: ${each.key}"')),
      attr('combiner', 'OR'),
      attr('severity', options.severity),
      attr('notification_channels', expr('local.notification_channels')),
      attr('user_labels', expr('var.labels')),
      blank(),
      block(
        'conditions',
        [],
        [
          attr('display_name', expr(options.summary ?? 'each.value.summary')),
          block(
            'condition_prometheus_query_language',
            [],
            [
              attr('query', expr(options.query ?? 'each.value.query')),
              attr('duration', expr(options.duration ?? 'each.value.duration')),
              attr('evaluation_interval', '60s'),
              options.condition ?? [],
            ],
          ),
        ],
      ),
      blank(),
      block('alert_strategy', [], [attr('auto_close', '1800s')]),
      options.documentation !== undefined && [
        blank(),
        block(
          'documentation',
          [],
          [
            attr('mime_type', 'text/markdown'),
            attr('content', expr(options.documentation)),
          ],
        ),
      ],
    ]),
  ];
}

/**
 * The alert conditions on the stack's Cloud SQL instance, the same on GKE and Cloud Run (the
 * database is outside both): Cloud SQL's own system metrics ("Cloud SQL metrics":
 * database/cpu/utilization, database/memory/utilization, database/disk/utilization, database/up),
 * read with PromQL. CPU and disk use the thresholds of the AWS CloudWatch alarms and the Azure
 * metric alerts.
 */
export const GCP_DATABASE_ALERTS: Record<
  string,
  { metric: string; condition: string; minutes: number; summary: string }
> = {
  DatabaseHighCpu: {
    metric: 'database_cpu_utilization',
    condition: '> 0.8',
    minutes: 15,
    summary: 'Database CPU above 80% for 15 minutes.',
  },
  DatabaseHighMemory: {
    metric: 'database_memory_utilization',
    condition: '> 0.9',
    minutes: 15,
    summary: 'Database memory above 90% for 15 minutes.',
  },
  DatabaseStorageFull: {
    metric: 'database_disk_utilization',
    condition: '> 0.9',
    minutes: 5,
    summary: 'Database disk more than 90% full.',
  },
  DatabaseDown: {
    metric: 'database_up',
    condition: '< 1',
    minutes: 5,
    summary: 'Database not serving for 5 minutes.',
  },
};

/** The `database_instance` variable of a GCP monitoring module. */
export function gcpDatabaseInstanceVariable(): HclBody {
  return [
    terraformVariable({
      name: 'database_instance',
      type: 'string',
      description:
        'Name of the Cloud SQL instance whose CPU, memory, disk and availability are watched; null without a database.',
      default: expr('null'),
    }),
  ];
}

/**
 * `google_monitoring_alert_policy.database`: {@link GCP_DATABASE_ALERTS} on `var.database_instance`
 * (none while it is null), to the channels of {@link gcpAlertChannels}.
 */
export function gcpDatabaseAlertPolicies(): HclBody {
  const instance =
    'database_id=\\"${var.project_id}:${var.database_instance}\\"';
  const width = Math.max(
    ...Object.keys(GCP_DATABASE_ALERTS).map(name => name.length),
  );
  const alerts = Object.entries(GCP_DATABASE_ALERTS)
    .map(
      ([name, alert]) =>
        `    ${name.padEnd(width)} = { query = "cloudsql_googleapis_com:${
          alert.metric
        }{${instance}} ${alert.condition}", duration = "${
          alert.minutes * 60
        }s", summary = ${JSON.stringify(alert.summary)} }`,
    )
    .join('\n');
  return [
    block(
      'locals',
      [],
      [
        attr(
          'database_alerts',
          expr(`var.database_instance == null ? {} : {\n${alerts}\n  }`),
        ),
      ],
    ),
    gcpPromqlAlertPolicies({
      id: 'database',
      forEach: 'local.database_alerts',
      severity: 'WARNING',
      documentation:
        '"${each.value.summary} Cloud SQL instance ${var.database_instance}."',
    }),
  ];
}
