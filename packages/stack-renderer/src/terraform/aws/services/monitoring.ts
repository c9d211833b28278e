import { attr, expr, type HclBody } from '../../../hcl/hcl';
import { terraformOutput } from '../../common/terraformOutput';
import { awsMonitoringModule } from '../awsMonitoringModule';
import type {
  AwsEnvironment,
  AwsMonitoringHook,
  AwsService,
} from '../awsService';
import {
  mockArn,
  testAssertion,
  testModuleSource,
  testRun,
} from '../awsTerraformTests';

/** What the other services of the stack add to monitoring. */
function monitoringHooks(services: readonly AwsService[]): AwsMonitoringHook[] {
  return services.flatMap(service =>
    service.monitoring ? [service.monitoring] : [],
  );
}

function monitoringRun(environment: AwsEnvironment): HclBody {
  const region = environment.resolved.region;
  return testRun({
    name: 'monitoring',
    comment: [
      'Prometheus collection and pod logs: the AWS managed collector scrapes the cluster into the',
      'workspace, and the CloudWatch Observability add-on ships pod logs with its own Pod Identity role.',
    ].join('\n'),
    module: testModuleSource('monitoring'),
    variables: {
      name: expr('run.environment.cluster_name'),
      cluster_name: expr('run.environment.cluster_name'),
      cluster_arn: mockArn('eks', region, 'cluster/mock'),
      kubernetes_version: expr('var.kubernetes_version'),
      subnet_ids: ['subnet-a', 'subnet-b', 'subnet-c'],
      cluster_security_group_id: 'sg-0123456789abcdef0',
      ...monitoringHooks(environment.services).reduce(
        (values, hook) => ({ ...values, ...hook.testValues }),
        {},
      ),
    },
    assertions: [
      testAssertion(
        'aws_prometheus_scraper.this.source[0].eks[0].cluster_arn == var.cluster_arn && aws_prometheus_scraper.this.destination[0].amp[0].workspace_arn == aws_prometheus_workspace.this.arn',
        'The managed collector must scrape this cluster into this workspace.',
      ),
      testAssertion(
        'contains(aws_prometheus_scraper.this.source[0].eks[0].security_group_ids, var.cluster_security_group_id)',
        'The collector must sit in the cluster security group to reach kubelets and pods.',
      ),
      testAssertion(
        'aws_eks_addon.cloudwatch_observability.addon_name == "amazon-cloudwatch-observability" && one(aws_eks_addon.cloudwatch_observability.pod_identity_association).service_account == "cloudwatch-agent" && one(aws_eks_addon.cloudwatch_observability.pod_identity_association).role_arn == aws_iam_role.cloudwatch_agent.arn',
        'Pod logs need the observability add-on with its Pod Identity role.',
      ),
      testAssertion(
        'aws_cloudwatch_log_group.container_insights["application"].name == "/aws/containerinsights/${var.cluster_name}/application" && aws_cloudwatch_log_group.container_insights["application"].retention_in_days == var.log_retention_days',
        'Pod logs land in a log group with the environment retention.',
      ),
    ],
  });
}

/**
 * Monitoring on AWS: Amazon Managed Service for Prometheus with the managed collector, pod logs
 * through the CloudWatch Observability add-on, and alarms (the services' own, such as the
 * database's, through their monitoring hooks).
 */
export const awsMonitoring: AwsService = {
  id: 'monitoring',
  module: services => awsMonitoringModule({ hooks: monitoringHooks(services) }),
  root: ({ services }) => ({
    variables: [],
    arguments: [
      attr('name', expr('local.name')),
      attr('cluster_name', expr('module.cluster.cluster_name')),
      attr('cluster_arn', expr('module.cluster.cluster_arn')),
      attr('kubernetes_version', expr('module.cluster.kubernetes_version')),
      attr('subnet_ids', expr('module.network.private_subnet_ids')),
      attr(
        'cluster_security_group_id',
        expr('module.cluster.node_security_group_id'),
      ),
      attr('log_retention_days', expr('var.log_retention_days')),
      monitoringHooks(services).map(hook => hook.arguments),
    ],
    outputs: [
      terraformOutput({
        name: 'prometheus_endpoint',
        description:
          'Amazon Managed Service for Prometheus endpoint for remote write and queries.',
        value: 'module.monitoring.prometheus_endpoint',
      }),
      terraformOutput({
        name: 'alerts_topic_arn',
        description: 'SNS topic receiving alarms.',
        value: 'module.monitoring.alerts_topic_arn',
      }),
      terraformOutput({
        name: 'application_log_group',
        description: 'CloudWatch log group of the pod logs.',
        value: 'module.monitoring.application_log_group',
      }),
    ],
  }),
  environmentTests: monitoringRun,
};
