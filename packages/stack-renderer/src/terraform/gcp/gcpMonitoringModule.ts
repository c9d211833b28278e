import { attr, blank, block, comment, expr, resource } from '../../hcl/hcl';
import type { FileTree } from '../../types';
import { terraformOutput } from '../common/terraformOutput';
import { terraformVariable } from '../common/terraformVariable';
import { moduleFiles } from '../common/moduleFiles';
import { gcpModuleBaseVariables } from './gcpModuleBase';

/**
 * The monitoring module. Metrics collection (Cloud Monitoring system metrics and Google Cloud
 * Managed Service for Prometheus) is switched on in the cluster itself; this module adds one alert
 * that is worth waking up for: the application's containers restarting repeatedly.
 */
export function gcpMonitoringModule(): FileTree {
  const variables = [
    gcpModuleBaseVariables({ region: false }),
    terraformVariable({
      name: 'cluster_name',
      type: 'string',
      description: 'Name of the GKE cluster.',
    }),
    terraformVariable({
      name: 'app_namespace',
      type: 'string',
      description: 'Namespace of the application.',
    }),
    terraformVariable({
      name: 'notification_channels',
      type: 'list(string)',
      description:
        'IDs of existing notification channels (projects/<project>/notificationChannels/<id>) to alert.',
      default: [],
    }),
  ];

  const main = [
    block(
      'locals',
      [],
      [
        attr('restart_filter', [
          expr('"resource.type = \\"k8s_container\\""'),
          expr('"resource.labels.cluster_name = \\"${var.cluster_name}\\""'),
          expr('"resource.labels.namespace_name = \\"${var.app_namespace}\\""'),
          expr('"metric.type = \\"kubernetes.io/container/restart_count\\""'),
        ]),
      ],
    ),
    comment(
      [
        'More than three restarts of one pod within ten minutes: a crash loop or an OOM kill that the',
        'Deployment cannot recover from by itself. Incidents show in Cloud Monitoring even without',
        'notification channels.',
      ].join('\n'),
    ),
    resource('google_monitoring_alert_policy', 'container_restarts', [
      attr('project', expr('var.project_id')),
      attr('display_name', expr('"${var.name}: containers restarting"')),
      attr('combiner', 'OR'),
      attr('severity', 'WARNING'),
      attr('notification_channels', expr('var.notification_channels')),
      attr('user_labels', expr('var.labels')),
      blank(),
      block(
        'conditions',
        [],
        [
          attr(
            'display_name',
            expr('"Container restarts in namespace ${var.app_namespace}"'),
          ),
          block(
            'condition_threshold',
            [],
            [
              attr('filter', expr('join(" AND ", local.restart_filter)')),
              attr('comparison', 'COMPARISON_GT'),
              attr('threshold_value', 3),
              attr('duration', '0s'),
              block(
                'aggregations',
                [],
                [
                  attr('alignment_period', '600s'),
                  attr('per_series_aligner', 'ALIGN_DELTA'),
                  attr('cross_series_reducer', 'REDUCE_SUM'),
                  attr('group_by_fields', ['resource.label.pod_name']),
                ],
              ),
              block('trigger', [], [attr('count', 1)]),
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
              '"Pods of ${var.app_namespace} in cluster ${var.cluster_name} keep restarting. Check `kubectl -n ${var.app_namespace} describe pod` for OOMKilled or failing probes."',
            ),
          ),
        ],
      ),
    ]),
  ];

  const outputs = [
    terraformOutput({
      name: 'alert_policy_ids',
      description: 'IDs of the alert policies.',
      value: '[google_monitoring_alert_policy.container_restarts.name]',
    }),
  ];

  return moduleFiles({
    cloud: 'gcp',
    capability: 'monitoring',
    variables,
    main,
    outputs,
  });
}
