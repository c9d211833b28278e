import type { AwsService, PlanRefreshRead } from './awsService';

/**
 * What `terraform plan` of an AWS environment root calls, per resource and data source type the
 * roots and their modules render: the IAM actions of the API calls in the type's Read function in
 * hashicorp/terraform-provider-aws (5.x, the version the roots pin), named by its source file under
 * `internal/service/`. planRefreshReads.test.ts renders every example spec, fails on a type
 * without an entry, and checks every action here is granted to the plan role (ViewOnlyAccess or
 * the role's own statements) and not denied by it. Actions are concrete, never wildcards, so the
 * check is exact.
 */

const noApiCall = (source: string): PlanRefreshRead => ({
  actions: [],
  source,
});

const ELB_TAGS = 'elasticloadbalancing:DescribeTags';

/**
 * Keyed by `resource <type>` or `data <type>`, as the HCL declares it. Services built in the
 * registry's shape bring their own types (`AwsService.planReads`); {@link planRefreshReads} joins them.
 */
export const PLAN_REFRESH_READS: Record<string, PlanRefreshRead> = {
  'data aws_availability_zones': {
    actions: ['ec2:DescribeAvailabilityZones'],
    source: 'ec2/ec2_availability_zones_data_source.go',
  },
  // sts:GetCallerIdentity needs no permission; it cannot be denied.
  'data aws_caller_identity': noApiCall('sts/caller_identity_data_source.go'),
  'data aws_default_tags': noApiCall('meta/default_tags_data_source.go'),
  'data aws_ecr_lifecycle_policy_document': noApiCall(
    'ecr/lifecycle_policy_document_data_source.go',
  ),
  'data aws_eks_addon_version': {
    actions: ['eks:DescribeAddonVersions'],
    source: 'eks/addon_version_data_source.go',
  },
  'data aws_elb_service_account': noApiCall(
    'elb/service_account_data_source.go',
  ),
  'data aws_iam_policy_document': noApiCall(
    'iam/policy_document_data_source.go',
  ),
  'data aws_iam_role': {
    actions: ['iam:GetRole'],
    source: 'iam/role_data_source.go',
  },
  'data aws_lb': {
    actions: [
      'elasticloadbalancing:DescribeLoadBalancers',
      'elasticloadbalancing:DescribeLoadBalancerAttributes',
      ELB_TAGS,
    ],
    source: 'elbv2/load_balancer_data_source.go',
  },
  'data aws_lbs': {
    actions: ['elasticloadbalancing:DescribeLoadBalancers', ELB_TAGS],
    source: 'elbv2/load_balancers_data_source.go',
  },
  'data aws_partition': noApiCall('meta/partition_data_source.go'),
  'data aws_prometheus_default_scraper_configuration': {
    actions: ['aps:GetDefaultScraperConfiguration'],
    source: 'amp/default_scraper_configuration_data_source.go',
  },
  'data aws_region': noApiCall('meta/region_data_source.go'),
  // DescribeSecret and GetResourcePolicy: metadata and policy, never the value.
  'data aws_secretsmanager_secret': {
    actions: [
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetResourcePolicy',
    ],
    source: 'secretsmanager/secret_data_source.go',
  },
  // Only public /aws/service/* parameters (the PublicParameters statement).
  'data aws_ssm_parameter': {
    actions: ['ssm:GetParameter'],
    source: 'ssm/parameter_data_source.go',
  },
  'resource aws_acm_certificate': {
    actions: ['acm:DescribeCertificate', 'acm:ListTagsForCertificate'],
    source: 'acm/certificate.go',
  },
  'resource aws_acm_certificate_validation': {
    actions: ['acm:DescribeCertificate'],
    source: 'acm/certificate_validation.go',
  },
  'resource aws_appautoscaling_policy': {
    actions: ['application-autoscaling:DescribeScalingPolicies'],
    source: 'appautoscaling/policy.go',
  },
  'resource aws_appautoscaling_target': {
    actions: [
      'application-autoscaling:DescribeScalableTargets',
      'application-autoscaling:ListTagsForResource',
    ],
    source: 'appautoscaling/target.go',
  },
  'resource aws_cloudwatch_dashboard': {
    actions: ['cloudwatch:GetDashboard'],
    source: 'cloudwatch/dashboard.go',
  },
  'resource aws_cloudwatch_log_group': {
    actions: ['logs:DescribeLogGroups', 'logs:ListTagsForResource'],
    source: 'logs/group.go',
  },
  'resource aws_cloudwatch_metric_alarm': {
    actions: ['cloudwatch:DescribeAlarms', 'cloudwatch:ListTagsForResource'],
    source: 'cloudwatch/metric_alarm.go',
  },
  'resource aws_db_event_subscription': {
    actions: ['rds:DescribeEventSubscriptions', 'rds:ListTagsForResource'],
    source: 'rds/event_subscription.go',
  },
  'resource aws_db_instance': {
    actions: ['rds:DescribeDBInstances'],
    source: 'rds/instance.go',
  },
  'resource aws_db_parameter_group': {
    actions: [
      'rds:DescribeDBParameterGroups',
      'rds:DescribeDBParameters',
      'rds:ListTagsForResource',
    ],
    source: 'rds/parameter_group.go',
  },
  'resource aws_db_subnet_group': {
    actions: ['rds:DescribeDBSubnetGroups', 'rds:ListTagsForResource'],
    source: 'rds/subnet_group.go',
  },
  'resource aws_default_security_group': {
    actions: ['ec2:DescribeSecurityGroups'],
    source: 'ec2/vpc_default_security_group.go',
  },
  'resource aws_ec2_tag': {
    actions: ['ec2:DescribeTags'],
    source: 'ec2/tag.go',
  },
  'resource aws_ecr_lifecycle_policy': {
    actions: ['ecr:GetLifecyclePolicy'],
    source: 'ecr/lifecycle_policy.go',
  },
  'resource aws_ecr_repository': {
    actions: ['ecr:DescribeRepositories', 'ecr:ListTagsForResource'],
    source: 'ecr/repository.go',
  },
  'resource aws_ecs_cluster': {
    actions: ['ecs:DescribeClusters'],
    source: 'ecs/cluster.go',
  },
  'resource aws_ecs_service': {
    actions: ['ecs:DescribeServices'],
    source: 'ecs/service.go',
  },
  'resource aws_ecs_task_definition': {
    actions: ['ecs:DescribeTaskDefinition'],
    source: 'ecs/task_definition.go',
  },
  'resource aws_eip': {
    actions: ['ec2:DescribeAddresses'],
    source: 'ec2/ec2_eip.go',
  },
  'resource aws_eks_access_entry': {
    actions: ['eks:DescribeAccessEntry'],
    source: 'eks/access_entry.go',
  },
  'resource aws_eks_access_policy_association': {
    actions: ['eks:ListAssociatedAccessPolicies'],
    source: 'eks/access_policy_association.go',
  },
  'resource aws_eks_addon': {
    actions: ['eks:DescribeAddon'],
    source: 'eks/addon.go',
  },
  'resource aws_eks_cluster': {
    actions: ['eks:DescribeCluster'],
    source: 'eks/cluster.go',
  },
  'resource aws_eks_node_group': {
    actions: ['eks:DescribeNodegroup'],
    source: 'eks/node_group.go',
  },
  'resource aws_eks_pod_identity_association': {
    actions: ['eks:DescribePodIdentityAssociation'],
    source: 'eks/pod_identity_association.go',
  },
  'resource aws_elasticache_replication_group': {
    actions: [
      'elasticache:DescribeReplicationGroups',
      'elasticache:DescribeCacheClusters',
      'elasticache:ListTagsForResource',
    ],
    source: 'elasticache/replication_group.go',
  },
  'resource aws_elasticache_subnet_group': {
    actions: [
      'elasticache:DescribeCacheSubnetGroups',
      'elasticache:ListTagsForResource',
    ],
    source: 'elasticache/subnet_group.go',
  },
  'resource aws_elasticache_user': {
    actions: ['elasticache:DescribeUsers', 'elasticache:ListTagsForResource'],
    source: 'elasticache/user.go',
  },
  'resource aws_elasticache_user_group': {
    actions: [
      'elasticache:DescribeUserGroups',
      'elasticache:ListTagsForResource',
    ],
    source: 'elasticache/user_group.go',
  },
  'resource aws_flow_log': {
    actions: ['ec2:DescribeFlowLogs'],
    source: 'ec2/vpc_flow_log.go',
  },
  // Tags come with DescribeWorkspace; the configuration JSON with DescribeWorkspaceConfiguration.
  'resource aws_grafana_workspace': {
    actions: [
      'grafana:DescribeWorkspace',
      'grafana:DescribeWorkspaceConfiguration',
    ],
    source: 'grafana/workspace.go',
  },
  'resource aws_iam_instance_profile': {
    actions: ['iam:GetInstanceProfile'],
    source: 'iam/instance_profile.go',
  },
  'resource aws_iam_role': {
    actions: [
      'iam:GetRole',
      'iam:ListAttachedRolePolicies',
      'iam:ListRolePolicies',
      'iam:GetRolePolicy',
    ],
    source: 'iam/role.go',
  },
  'resource aws_iam_role_policy': {
    actions: ['iam:GetRolePolicy'],
    source: 'iam/role_policy.go',
  },
  'resource aws_iam_role_policy_attachment': {
    actions: ['iam:ListAttachedRolePolicies'],
    source: 'iam/role_policy_attachment.go',
  },
  'resource aws_instance': {
    actions: [
      'ec2:DescribeInstances',
      'ec2:DescribeInstanceAttribute',
      'ec2:DescribeInstanceCreditSpecifications',
      'ec2:DescribeVolumes',
    ],
    source: 'ec2/ec2_instance.go',
  },
  'resource aws_internet_gateway': {
    actions: ['ec2:DescribeInternetGateways'],
    source: 'ec2/vpc_internet_gateway.go',
  },
  'resource aws_kms_alias': {
    actions: ['kms:ListAliases'],
    source: 'kms/alias.go',
  },
  'resource aws_kms_key': {
    actions: [
      'kms:DescribeKey',
      'kms:GetKeyPolicy',
      'kms:GetKeyRotationStatus',
      'kms:ListResourceTags',
    ],
    source: 'kms/key.go',
  },
  'resource aws_launch_template': {
    actions: [
      'ec2:DescribeLaunchTemplates',
      'ec2:DescribeLaunchTemplateVersions',
    ],
    source: 'ec2/ec2_launch_template.go',
  },
  'resource aws_lb': {
    actions: [
      'elasticloadbalancing:DescribeLoadBalancers',
      'elasticloadbalancing:DescribeLoadBalancerAttributes',
      ELB_TAGS,
    ],
    source: 'elbv2/load_balancer.go',
  },
  'resource aws_lb_listener': {
    actions: [
      'elasticloadbalancing:DescribeListeners',
      'elasticloadbalancing:DescribeListenerAttributes',
      ELB_TAGS,
    ],
    source: 'elbv2/listener.go',
  },
  'resource aws_lb_target_group': {
    actions: [
      'elasticloadbalancing:DescribeTargetGroups',
      'elasticloadbalancing:DescribeTargetGroupAttributes',
      ELB_TAGS,
    ],
    source: 'elbv2/target_group.go',
  },
  'resource aws_nat_gateway': {
    actions: ['ec2:DescribeNatGateways'],
    source: 'ec2/vpc_nat_gateway.go',
  },
  'resource aws_prometheus_alert_manager_definition': {
    actions: ['aps:DescribeAlertManagerDefinition'],
    source: 'amp/alert_manager_definition.go',
  },
  'resource aws_prometheus_rule_group_namespace': {
    actions: ['aps:DescribeRuleGroupsNamespace', 'aps:ListTagsForResource'],
    source: 'amp/rule_group_namespace.go',
  },
  'resource aws_prometheus_scraper': {
    actions: ['aps:DescribeScraper', 'aps:ListTagsForResource'],
    source: 'amp/scraper.go',
  },
  'resource aws_prometheus_workspace': {
    actions: [
      'aps:DescribeWorkspace',
      'aps:DescribeLoggingConfiguration',
      'aps:ListTagsForResource',
    ],
    source: 'amp/workspace.go',
  },
  'resource aws_route': {
    actions: ['ec2:DescribeRouteTables'],
    source: 'ec2/vpc_route.go',
  },
  'resource aws_route53_record': {
    actions: ['route53:ListResourceRecordSets', 'route53:GetHostedZone'],
    source: 'route53/record.go',
  },
  'resource aws_route_table': {
    actions: ['ec2:DescribeRouteTables'],
    source: 'ec2/vpc_route_table.go',
  },
  'resource aws_route_table_association': {
    actions: ['ec2:DescribeRouteTables'],
    source: 'ec2/vpc_route_table_association.go',
  },
  'resource aws_s3_bucket': {
    actions: [
      's3:ListBucket',
      's3:GetBucketAcl',
      's3:GetBucketCORS',
      's3:GetBucketLogging',
      's3:GetBucketObjectLockConfiguration',
      's3:GetBucketPolicy',
      's3:GetBucketRequestPayment',
      's3:GetBucketTagging',
      's3:GetBucketVersioning',
      's3:GetBucketWebsite',
      's3:GetAccelerateConfiguration',
      's3:GetEncryptionConfiguration',
      's3:GetLifecycleConfiguration',
      's3:GetReplicationConfiguration',
    ],
    source: 's3/bucket.go',
  },
  'resource aws_s3_bucket_lifecycle_configuration': {
    actions: ['s3:GetLifecycleConfiguration'],
    source: 's3/bucket_lifecycle_configuration.go',
  },
  'resource aws_s3_bucket_logging': {
    actions: ['s3:GetBucketLogging'],
    source: 's3/bucket_logging.go',
  },
  'resource aws_s3_bucket_ownership_controls': {
    actions: ['s3:GetBucketOwnershipControls'],
    source: 's3/bucket_ownership_controls.go',
  },
  'resource aws_s3_bucket_policy': {
    actions: ['s3:GetBucketPolicy'],
    source: 's3/bucket_policy.go',
  },
  'resource aws_s3_bucket_public_access_block': {
    actions: ['s3:GetBucketPublicAccessBlock'],
    source: 's3/bucket_public_access_block.go',
  },
  'resource aws_s3_bucket_server_side_encryption_configuration': {
    actions: ['s3:GetEncryptionConfiguration'],
    source: 's3/bucket_server_side_encryption_configuration.go',
  },
  'resource aws_s3_bucket_versioning': {
    actions: ['s3:GetBucketVersioning'],
    source: 's3/bucket_versioning.go',
  },
  'resource aws_security_group': {
    actions: ['ec2:DescribeSecurityGroups'],
    source: 'ec2/vpc_security_group.go',
  },
  'resource aws_sns_topic': {
    actions: ['sns:GetTopicAttributes', 'sns:ListTagsForResource'],
    source: 'sns/topic.go',
  },
  'resource aws_sns_topic_policy': {
    actions: ['sns:GetTopicAttributes'],
    source: 'sns/topic_policy.go',
  },
  'resource aws_sns_topic_subscription': {
    actions: ['sns:GetSubscriptionAttributes'],
    source: 'sns/topic_subscription.go',
  },
  'resource aws_subnet': {
    actions: ['ec2:DescribeSubnets'],
    source: 'ec2/vpc_subnet.go',
  },
  'resource aws_vpc': {
    actions: [
      'ec2:DescribeVpcs',
      'ec2:DescribeVpcAttribute',
      'ec2:DescribeRouteTables',
      'ec2:DescribeNetworkAcls',
      'ec2:DescribeSecurityGroups',
    ],
    source: 'ec2/vpc_.go',
  },
  'resource aws_vpc_endpoint': {
    actions: ['ec2:DescribeVpcEndpoints', 'ec2:DescribePrefixLists'],
    source: 'ec2/vpc_endpoint.go',
  },
  'resource aws_vpc_security_group_egress_rule': {
    actions: ['ec2:DescribeSecurityGroupRules'],
    source: 'ec2/vpc_security_group_egress_rule.go',
  },
  'resource aws_vpc_security_group_ingress_rule': {
    actions: ['ec2:DescribeSecurityGroupRules'],
    source: 'ec2/vpc_security_group_ingress_rule.go',
  },
};

/** The refresh reads of every type the AWS roots may declare, services' own included. */
export function planRefreshReads(
  services: readonly AwsService[],
): Record<string, PlanRefreshRead> {
  return Object.assign(
    {},
    PLAN_REFRESH_READS,
    ...services.map(service => service.planReads?.types ?? {}),
  );
}

/** Whether an IAM action pattern (`*` and `?` wildcards, case-insensitive) covers an action. */
export function iamActionMatches(pattern: string, action: string): boolean {
  const regex = pattern
    .split('*')
    .map(part =>
      part
        .split('?')
        .map(literal => literal.replace(/[.+^${}()|[\]\\]/g, '\\$&'))
        .join('.'),
    )
    .join('.*');
  return new RegExp(`^${regex}$`, 'i').test(action);
}

/**
 * The reads of `reads` the plan role cannot make: each action must match an allowed pattern and
 * no denied one. One line per missing or denied action, naming the type and its provider source.
 */
export function planRefreshReadGaps(
  reads: Record<string, PlanRefreshRead>,
  allowed: readonly string[],
  denied: readonly string[],
): string[] {
  const gaps: string[] = [];
  for (const [type, read] of Object.entries(reads)) {
    for (const action of read.actions) {
      const where = `${type} (${read.source})`;
      if (!allowed.some(pattern => iamActionMatches(pattern, action))) {
        gaps.push(`${where}: ${action} is not allowed`);
      } else if (denied.some(pattern => iamActionMatches(pattern, action))) {
        gaps.push(`${where}: ${action} is explicitly denied`);
      }
    }
  }
  return gaps;
}
