import {
  attr,
  blank,
  block,
  comment,
  expr,
  resource,
  type HclBody,
  type HclValue,
} from '../../hcl/hcl';
import {
  ALERT_MINUTES,
  ERROR_RATE_PERCENT,
  SATURATION_PERCENT,
} from '../../monitoring/serverlessAlerts';
import type { FileTree } from '../../types';
import { moduleFiles } from '../common/moduleFiles';
import { terraformOutput } from '../common/terraformOutput';
import { terraformVariable } from '../common/terraformVariable';
import { AWS_REGION, awsContextData } from './awsContextData';
import type { AwsMonitoringHook } from './awsService';
import { kmsKey } from './kmsKey';
import {
  alertsTopic,
  topicPublisherPrincipals,
  topicPublisherStatements,
} from './alertsTopic';

/** The capability (module folder) of serverless monitoring. */
export const SERVERLESS_MONITORING_CAPABILITY = 'serverless-monitoring';

/** The alarms of the module, by resource name: what the tests and the dashboard list. */
export const AWS_SERVERLESS_ALARMS = [
  'errors',
  'latency_p95',
  'latency_p99',
  'unhealthy_targets',
  'cpu',
  'memory',
  'running_tasks',
] as const;

function variables(hooks: readonly AwsMonitoringHook[]): HclBody {
  return [
    terraformVariable({
      name: 'name',
      type: 'string',
      description: 'Prefix of every resource name, e.g. trading-api-prod.',
    }),
    terraformVariable({
      name: 'cluster_name',
      type: 'string',
      description: 'ECS cluster of the service.',
    }),
    terraformVariable({
      name: 'service_name',
      type: 'string',
      description: 'ECS service the alarms watch.',
    }),
    terraformVariable({
      name: 'load_balancer_arn_suffix',
      type: 'string',
      description:
        'ARN suffix of the Application Load Balancer in front of the service (the LoadBalancer dimension).',
    }),
    terraformVariable({
      name: 'target_group_arn_suffix',
      type: 'string',
      description:
        'ARN suffix of the target group of the service (the TargetGroup dimension).',
    }),
    terraformVariable({
      name: 'latency_p95_ms',
      type: 'number',
      description:
        'Response time p95 above which the latency alarm fires (ms).',
    }),
    terraformVariable({
      name: 'latency_p99_ms',
      type: 'number',
      description:
        'Response time p99 above which the latency alarm fires (ms).',
    }),
    terraformVariable({
      name: 'alert_email',
      type: 'string',
      description: 'Email address that receives every alarm; null for none.',
      default: expr('null'),
    }),
    hooks.map(hook => hook.variables),
  ];
}

/**
 * The alerts topic, encrypted with its own key. CloudWatch publishes alarms with its service
 * principal, so the key policy lets cloudwatch.amazonaws.com use the key and the topic policy lets
 * it publish for this account only (Amazon SNS "Encrypting messages published by CloudWatch");
 * services that publish with their own principal (`topicPublisher` of a hook) get the same.
 */
function alerts(hooks: readonly AwsMonitoringHook[]): HclBody {
  return [
    kmsKey({
      id: 'alerts',
      description: 'Alarms of ${var.name}',
      alias: '${var.name}-alerts',
      servicePrincipals: [
        'cloudwatch.amazonaws.com',
        ...topicPublisherPrincipals(hooks),
      ],
    }),
    alertsTopic({
      kmsKeyArn: 'aws_kms_key.alerts.arn',
      publishers: topicPublisherStatements(hooks),
    }),
  ];
}

const TARGET_DIMENSIONS = {
  LoadBalancer: expr('var.load_balancer_arn_suffix'),
  TargetGroup: expr('var.target_group_arn_suffix'),
};

const SERVICE_DIMENSIONS = {
  ClusterName: expr('var.cluster_name'),
  ServiceName: expr('var.service_name'),
};

/** Both actions on the topic: a mail when the alarm fires and when it clears. */
const TOPIC_ACTIONS = [
  attr('alarm_actions', [expr('aws_sns_topic.alerts.arn')]),
  attr('ok_actions', [expr('aws_sns_topic.alerts.arn')]),
];

function alarm(options: {
  id: string;
  description: string;
  minutes: number;
  comparison: string;
  threshold: HclValue;
  metric: HclBody;
  missingData?: string;
}): HclBody {
  return [
    resource('aws_cloudwatch_metric_alarm', options.id, [
      attr(
        'alarm_name',
        expr(`"\${var.name}-${options.id.replace(/_/g, '-')}"`),
      ),
      attr('alarm_description', options.description),
      attr('comparison_operator', options.comparison),
      attr('threshold', options.threshold),
      attr('evaluation_periods', options.minutes),
      attr('datapoints_to_alarm', options.minutes),
      attr('treat_missing_data', options.missingData ?? 'notBreaching'),
      TOPIC_ACTIONS,
      blank(),
      options.metric,
    ]),
  ];
}

/** A plain metric of one minute: namespace, name, statistic and dimensions. */
function metric(options: {
  namespace: string;
  name: string;
  statistic?: string;
  extendedStatistic?: string;
  dimensions: Record<string, HclValue>;
}): HclBody {
  return [
    attr('namespace', options.namespace),
    attr('metric_name', options.name),
    attr('statistic', options.statistic),
    attr('extended_statistic', options.extendedStatistic),
    attr('period', 60),
    attr('dimensions', options.dimensions),
  ];
}

/** A `metric_query` reading one metric, summed or averaged per minute, for metric math. */
function metricQuery(options: {
  id: string;
  namespace: string;
  name: string;
  stat: string;
  dimensions: Record<string, HclValue>;
}): HclBody {
  return [
    block(
      'metric_query',
      [],
      [
        attr('id', options.id),
        blank(),
        block(
          'metric',
          [],
          [
            attr('namespace', options.namespace),
            attr('metric_name', options.name),
            attr('stat', options.stat),
            attr('period', 60),
            attr('dimensions', options.dimensions),
          ],
        ),
      ],
    ),
  ];
}

function expressionQuery(id: string, expression: string, label: string) {
  return block(
    'metric_query',
    [],
    [
      attr('id', id),
      attr('expression', expression),
      attr('label', label),
      attr('return_data', true),
    ],
  );
}

/**
 * The alarms of the service (Elastic Load Balancing and Amazon ECS CloudWatch metrics): errors and
 * response time as the load balancer measures them at the target group, unhealthy targets, CPU and
 * memory of the service, and tasks missing from the desired count (Container Insights, which the
 * serverless module turns on for the cluster).
 */
function alarms(): HclBody {
  return [
    alarm({
      id: 'errors',
      description: `More than ${ERROR_RATE_PERCENT} % of the requests to the tasks answered 5xx.`,
      minutes: ALERT_MINUTES.errors,
      comparison: 'GreaterThanThreshold',
      threshold: ERROR_RATE_PERCENT,
      metric: [
        comment(
          'Minutes without requests count as 0 %; minutes without errors report no 5xx metric at all.',
        ),
        expressionQuery(
          'error_rate',
          'IF(requests > 0, 100 * FILL(errors, 0) / requests, 0)',
          '5xx responses (%)',
        ),
        metricQuery({
          id: 'errors',
          namespace: 'AWS/ApplicationELB',
          name: 'HTTPCode_Target_5XX_Count',
          stat: 'Sum',
          dimensions: TARGET_DIMENSIONS,
        }),
        metricQuery({
          id: 'requests',
          namespace: 'AWS/ApplicationELB',
          name: 'RequestCount',
          stat: 'Sum',
          dimensions: TARGET_DIMENSIONS,
        }),
      ],
    }),
    (['p95', 'p99'] as const).map(percentile =>
      alarm({
        id: `latency_${percentile}`,
        description: `Response time ${percentile} of the tasks above the alert threshold.`,
        minutes: ALERT_MINUTES.latency,
        comparison: 'GreaterThanThreshold',
        threshold: expr(`var.latency_${percentile}_ms / 1000`),
        metric: metric({
          namespace: 'AWS/ApplicationELB',
          name: 'TargetResponseTime',
          extendedStatistic: percentile,
          dimensions: TARGET_DIMENSIONS,
        }),
      }),
    ),
    alarm({
      id: 'unhealthy_targets',
      description:
        'Tasks failing the load balancer health check (the health path does not answer 2xx or 3xx).',
      minutes: 3,
      comparison: 'GreaterThanThreshold',
      threshold: 0,
      metric: metric({
        namespace: 'AWS/ApplicationELB',
        name: 'UnHealthyHostCount',
        statistic: 'Maximum',
        dimensions: TARGET_DIMENSIONS,
      }),
    }),
    (
      [
        ['cpu', 'CPUUtilization', 'CPU'],
        ['memory', 'MemoryUtilization', 'Memory'],
      ] as const
    ).map(([id, name, label]) =>
      alarm({
        id,
        description: `${label} utilisation of the service above ${SATURATION_PERCENT} %: autoscaling is at its maximum or cannot keep up.`,
        minutes: ALERT_MINUTES.saturation,
        comparison: 'GreaterThanThreshold',
        threshold: SATURATION_PERCENT,
        metric: metric({
          namespace: 'AWS/ECS',
          name,
          statistic: 'Average',
          dimensions: SERVICE_DIMENSIONS,
        }),
      }),
    ),
    alarm({
      id: 'running_tasks',
      description:
        'Fewer tasks running than desired: tasks fail to start or keep stopping (see the service events and the container logs).',
      minutes: ALERT_MINUTES.capacity,
      comparison: 'GreaterThanThreshold',
      threshold: 0,
      metric: [
        expressionQuery(
          'missing',
          'desired - running',
          'Tasks missing from the desired count',
        ),
        metricQuery({
          id: 'desired',
          namespace: 'ECS/ContainerInsights',
          name: 'DesiredTaskCount',
          stat: 'Average',
          dimensions: SERVICE_DIMENSIONS,
        }),
        metricQuery({
          id: 'running',
          namespace: 'ECS/ContainerInsights',
          name: 'RunningTaskCount',
          stat: 'Average',
          dimensions: SERVICE_DIMENSIONS,
        }),
      ],
    }),
  ];
}

/** A dashboard graph of one or more metrics, in the dashboard body's metric array form. */
function graph(
  title: string,
  metrics: HclValue[],
  position: { x: number; y: number },
): HclValue {
  return {
    type: 'metric',
    x: position.x,
    y: position.y,
    width: 12,
    height: 6,
    properties: {
      title,
      region: expr(AWS_REGION),
      view: 'timeSeries',
      period: 60,
      metrics,
    },
  };
}

/**
 * The service's CloudWatch dashboard: the alarms' state, then the metrics they watch, so the page
 * an alarm mail links to shows why it fired.
 */
function dashboard(): HclBody {
  const target = (name: string, stat: Record<string, string>) => [
    'AWS/ApplicationELB',
    name,
    'LoadBalancer',
    expr('var.load_balancer_arn_suffix'),
    'TargetGroup',
    expr('var.target_group_arn_suffix'),
    stat,
  ];
  const service = (namespace: string, name: string) => [
    namespace,
    name,
    'ClusterName',
    expr('var.cluster_name'),
    'ServiceName',
    expr('var.service_name'),
    { stat: 'Average' },
  ];
  return [
    resource('aws_cloudwatch_dashboard', 'service', [
      attr('dashboard_name', expr('var.name')),
      attr(
        'dashboard_body',
        expr(
          'jsonencode({ widgets = concat([local.alarm_widget], local.metric_widgets) })',
        ),
      ),
    ]),
    block(
      'locals',
      [],
      [
        attr('alarm_widget', {
          type: 'alarm',
          x: 0,
          y: 0,
          width: 24,
          height: 3,
          properties: {
            title: 'Alarms',
            alarms: expr(
              `[${AWS_SERVERLESS_ALARMS.map(
                id => `aws_cloudwatch_metric_alarm.${id}.arn`,
              ).join(', ')}]`,
            ),
          },
        }),
        attr('metric_widgets', [
          graph(
            'Requests and 5xx responses',
            [
              target('RequestCount', { stat: 'Sum' }),
              target('HTTPCode_Target_5XX_Count', { stat: 'Sum' }),
            ],
            { x: 0, y: 3 },
          ),
          graph(
            'Response time (s)',
            [
              target('TargetResponseTime', { stat: 'p50' }),
              target('TargetResponseTime', { stat: 'p95' }),
              target('TargetResponseTime', { stat: 'p99' }),
            ],
            { x: 12, y: 3 },
          ),
          graph(
            'CPU and memory utilisation (%)',
            [
              service('AWS/ECS', 'CPUUtilization'),
              service('AWS/ECS', 'MemoryUtilization'),
            ],
            { x: 0, y: 9 },
          ),
          graph(
            'Tasks: desired, running, unhealthy targets',
            [
              service('ECS/ContainerInsights', 'DesiredTaskCount'),
              service('ECS/ContainerInsights', 'RunningTaskCount'),
              target('UnHealthyHostCount', { stat: 'Maximum' }),
            ],
            { x: 12, y: 9 },
          ),
        ]),
      ],
    ),
  ];
}

const outputs: HclBody = [
  terraformOutput({
    name: 'alerts_topic_arn',
    description: 'SNS topic receiving every alarm of the environment.',
    value: 'aws_sns_topic.alerts.arn',
  }),
  terraformOutput({
    name: 'dashboard_name',
    description: 'CloudWatch dashboard of the service.',
    value: 'aws_cloudwatch_dashboard.service.dashboard_name',
  }),
  terraformOutput({
    name: 'watched',
    description:
      'What the alarms watch, read back from them: the environment test checks it is the real service and target group.',
    value:
      '{ service = aws_cloudwatch_metric_alarm.cpu.dimensions.ServiceName, cluster = aws_cloudwatch_metric_alarm.cpu.dimensions.ClusterName, target_group = aws_cloudwatch_metric_alarm.unhealthy_targets.dimensions.TargetGroup, load_balancer = aws_cloudwatch_metric_alarm.unhealthy_targets.dimensions.LoadBalancer }',
  }),
];

/**
 * Monitoring of a serverless environment on AWS, `infra/modules/serverless-monitoring/aws`: the
 * CloudWatch alarms of the ECS service and its load balancer, the encrypted SNS topic they (and
 * the services' own alarms, such as the database's) publish to, mailed to the alert email, and a
 * CloudWatch dashboard. The Kubernetes environments' `monitoring` module watches a cluster
 * instead; `spec.services.monitoring` turns on whichever fits each environment.
 */
export function awsServerlessMonitoringModule(options: {
  hooks: readonly AwsMonitoringHook[];
}): FileTree {
  return moduleFiles({
    cloud: 'aws',
    capability: SERVERLESS_MONITORING_CAPABILITY,
    variables: variables(options.hooks),
    main: [
      awsContextData(),
      alerts(options.hooks),
      alarms(),
      options.hooks.map(hook => hook.resources),
      dashboard(),
    ],
    outputs,
  });
}
