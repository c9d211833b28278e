import {
  attr,
  blank,
  block,
  expr,
  resource,
  type HclBody,
  type HclValue,
} from '../../hcl/hcl';

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
