import { awsDatabaseAlarmCount } from './awsDatabaseAlarms';
import { CLOUD_PRODUCTS } from '../../cost/cloudProducts';
import { formatQuantity } from '../../cost/formatUsd';
import { regionPrices } from '../../cost/priceLookup';
import {
  regionalPrice,
  type ServiceCost,
  type ServiceCostLine,
} from '../../cost/serviceCost';
import type { EnvironmentPlan } from '../../plan/environmentPlan';
import type { StackSpec } from '../../spec/stackSpec';
import { USAGE_ASSUMPTIONS } from '../../cost/usageAssumptions';
import { attr, blank, comment, expr, type HclBody } from '../../hcl/hcl';
import { latencyThresholds } from '../../monitoring/serverlessAlerts';
import { alertEmailRootVariable } from '../common/appMonitoringVariables';
import type { ServiceRoot } from '../common/environmentRoot';
import { variableRef } from '../common/rootVariable';
import { terraformOutput } from '../common/terraformOutput';
import type { AwsEnvironment, AwsMonitoringHook } from './awsService';
import {
  AWS_SERVERLESS_ALARMS,
  SERVERLESS_MONITORING_CAPABILITY,
} from './awsServerlessMonitoringModule';
import { testAssertion, testModuleSource, testRun } from './awsTerraformTests';

/**
 * Metrics the module's alarms bill for: one each, two for the metric-math alarms (5xx rate:
 * 5xx count and requests; running tasks: desired and running).
 */
export const AWS_SERVERLESS_ALARM_METRICS = AWS_SERVERLESS_ALARMS.length + 2;

/**
 * CloudWatch list prices, us-east-1 (https://aws.amazon.com/cloudwatch/pricing/, "Alarms" and
 * "Dashboards"): $0.10 per standard-resolution alarm metric per month, $3.00 per dashboard per
 * month (the first three dashboards of an account are free; not deducted here).
 */
const ALARM_METRIC_MONTH = 0.1;
const DASHBOARD_MONTH = 3;

/** The root's call of the serverless monitoring module: the real service, target group and cluster. */
export function awsServerlessMonitoringRoot(
  environment: AwsEnvironment,
  hooks: readonly AwsMonitoringHook[],
): ServiceRoot {
  const { spec, resolved } = environment;
  const { p95Ms, p99Ms } = latencyThresholds(resolved.hpa.latencyMs);
  const alertEmail = alertEmailRootVariable(spec);
  return {
    capability: SERVERLESS_MONITORING_CAPABILITY,
    variables: [alertEmail],
    arguments: [
      attr('name', expr('local.name')),
      attr('cluster_name', expr('module.serverless.cluster_name')),
      attr('service_name', expr('module.serverless.service_name')),
      attr(
        'load_balancer_arn_suffix',
        expr('module.serverless.load_balancer_arn_suffix'),
      ),
      attr(
        'target_group_arn_suffix',
        expr('module.serverless.target_group_arn_suffix'),
      ),
      blank(),
      comment(
        resolved.hpa.latencyMs === undefined
          ? 'Response time alarms: p95 at the default threshold, p99 at twice it.'
          : `Response time alarms: p95 at twice the scaling target (spec.app.hpa.latencyMs ${resolved.hpa.latencyMs} ms, an average), p99 at twice that.`,
      ),
      attr('latency_p95_ms', p95Ms),
      attr('latency_p99_ms', p99Ms),
      attr('alert_email', variableRef(alertEmail)),
      hooks.map(hook => hook.arguments),
    ],
    outputs: [
      terraformOutput({
        name: 'alerts_topic_arn',
        description: 'SNS topic receiving every alarm of the environment.',
        value: 'module.serverless_monitoring.alerts_topic_arn',
      }),
      terraformOutput({
        name: 'monitoring_dashboard_url',
        description: 'CloudWatch dashboard of the service.',
        value:
          '"https://${var.region}.console.aws.amazon.com/cloudwatch/home?region=${var.region}#dashboards/dashboard/${module.serverless_monitoring.dashboard_name}"',
      }),
    ],
  };
}

/**
 * The serverless monitoring module with mock inputs: every alarm mails the encrypted topic and
 * watches this service and target group. (The environment run checks the root wires in the real
 * ones.)
 */
export function awsServerlessMonitoringRun(
  hooks: readonly AwsMonitoringHook[],
): HclBody {
  const alarms = `[${AWS_SERVERLESS_ALARMS.map(
    id => `aws_cloudwatch_metric_alarm.${id}`,
  ).join(', ')}]`;
  return testRun({
    name: 'serverless_monitoring',
    comment: [
      'The alarms of the ECS service and its load balancer mail the alert address through an',
      'encrypted topic, and the dashboard shows every alarm.',
    ].join('\n'),
    module: testModuleSource(SERVERLESS_MONITORING_CAPABILITY),
    variables: {
      name: expr('run.environment.cluster_name'),
      cluster_name: expr('run.environment.cluster_name'),
      service_name: expr('run.environment.service_name'),
      load_balancer_arn_suffix: 'app/mock/0123456789abcdef',
      target_group_arn_suffix: 'targetgroup/mock/0123456789abcdef',
      latency_p95_ms: 500,
      latency_p99_ms: 1000,
      alert_email: 'oncall@example.com',
      ...hooks.reduce(
        (values, hook) => ({ ...values, ...hook.testValues }),
        {},
      ),
    },
    assertions: [
      testAssertion(
        `alltrue([for alarm in ${alarms} : alarm.alarm_actions == toset([aws_sns_topic.alerts.arn]) && alarm.ok_actions == toset([aws_sns_topic.alerts.arn])])`,
        'Every alarm must mail the alerts topic when it fires and when it clears.',
      ),
      testAssertion(
        'aws_sns_topic.alerts.kms_master_key_id == aws_kms_key.alerts.arn && length(aws_sns_topic_subscription.alert_email) == 1 && aws_sns_topic_subscription.alert_email[0].endpoint == var.alert_email && aws_sns_topic_subscription.alert_email[0].protocol == "email"',
        'The topic is encrypted with its own key and mails the alert address.',
      ),
      testAssertion(
        'alltrue([for alarm in [aws_cloudwatch_metric_alarm.latency_p95, aws_cloudwatch_metric_alarm.latency_p99, aws_cloudwatch_metric_alarm.unhealthy_targets] : alarm.dimensions == tomap({ LoadBalancer = var.load_balancer_arn_suffix, TargetGroup = var.target_group_arn_suffix })]) && alltrue([for query in aws_cloudwatch_metric_alarm.errors.metric_query : query.metric[0].dimensions == tomap({ LoadBalancer = var.load_balancer_arn_suffix, TargetGroup = var.target_group_arn_suffix }) if length(query.metric) > 0])',
        'The load balancer alarms watch the target group of the service.',
      ),
      testAssertion(
        'aws_cloudwatch_metric_alarm.latency_p95.extended_statistic == "p95" && aws_cloudwatch_metric_alarm.latency_p95.threshold == 0.5 && aws_cloudwatch_metric_alarm.latency_p99.extended_statistic == "p99" && aws_cloudwatch_metric_alarm.latency_p99.threshold == 1',
        'The response time alarms compare p95 and p99 (seconds) with their thresholds (ms).',
      ),
      testAssertion(
        'alltrue([for alarm in [aws_cloudwatch_metric_alarm.cpu, aws_cloudwatch_metric_alarm.memory] : alarm.namespace == "AWS/ECS" && alarm.dimensions == tomap({ ClusterName = var.cluster_name, ServiceName = var.service_name })]) && toset([for query in aws_cloudwatch_metric_alarm.running_tasks.metric_query : query.metric[0].metric_name if length(query.metric) > 0]) == toset(["DesiredTaskCount", "RunningTaskCount"])',
        'CPU, memory and the task count are those of the ECS service.',
      ),
      testAssertion(
        `length(jsondecode(aws_cloudwatch_dashboard.service.dashboard_body).widgets[0].properties.alarms) == ${AWS_SERVERLESS_ALARMS.length} && strcontains(aws_cloudwatch_dashboard.service.dashboard_body, var.service_name)`,
        'The dashboard shows every alarm and the metrics of the service.',
      ),
      hooks.map(hook => hook.assertions ?? []),
    ],
  });
}

/**
 * The CloudWatch alarms of the stack's RDS database (rendered into the monitoring module of ECS
 * and EKS alike, awsDatabaseAlarms.ts): none without a database.
 */
export function awsDatabaseAlarmLines(
  plan: EnvironmentPlan,
  spec: StackSpec,
): ServiceCostLine[] {
  if (!spec.spec.services.postgres) return [];
  const alarms = awsDatabaseAlarmCount();
  return [
    {
      description: `CloudWatch alarms of the RDS database (${alarms} alarms, one metric each)`,
      quantity: alarms,
      unit: 'alarm metric-month',
      unitPrice: regionalPrice(plan, ALARM_METRIC_MONTH),
    },
  ];
}

/**
 * What monitoring costs in a serverless AWS environment: the container logs in CloudWatch Logs,
 * the alarm metrics (the service's, and the database's with one) and the dashboard. Container Insights (on for the ECS cluster) is billed as
 * custom metrics and logs and not priced here.
 */
export const awsServerlessMonitoringCost: ServiceCost = {
  lines: (plan, spec) => {
    const usage = USAGE_ASSUMPTIONS[plan.environment];
    const products = CLOUD_PRODUCTS[plan.cloud];
    return [
      {
        description: `${
          products.logs
        }: container logs (assumed ${formatQuantity(
          usage.applicationLogGb,
        )} GB)`,
        quantity: usage.applicationLogGb,
        unit: 'GB',
        unitPrice: regionPrices(plan).logIngestionPerGb,
      },
      {
        description: `CloudWatch alarms of the service and load balancer (${AWS_SERVERLESS_ALARMS.length} alarms, ${AWS_SERVERLESS_ALARM_METRICS} metrics)`,
        quantity: AWS_SERVERLESS_ALARM_METRICS,
        unit: 'alarm metric-month',
        unitPrice: regionalPrice(plan, ALARM_METRIC_MONTH),
      },
      ...awsDatabaseAlarmLines(plan, spec),
      {
        description:
          'CloudWatch dashboard of the service (the first three per account are free)',
        quantity: 1,
        unit: 'dashboard-month',
        unitPrice: regionalPrice(plan, DASHBOARD_MONTH),
      },
    ];
  },
};
