import type { PlannedCustomPool } from '../../plan/environmentPlan';
import { awsNodeGroupTestAssertions } from './awsNodeGroups';
import { HEALTH_READER_GROUP } from '@skyforge/plugin-skyforge-common';
import {
  attr,
  blank,
  block,
  comment,
  expr,
  writeHcl,
  type HclBody,
  type HclValue,
} from '../../hcl/hcl';
import {
  hostOwnerEnvironment,
  ingressHasTls,
} from '../../kustomize/appIngress';
import { AWS_NODE_DISCOVERY_TAG, appNamespace } from '../../naming';
import {
  KUBERNETES_SUPPORT,
  KUBERNETES_SUPPORT_AS_OF,
  kubernetesSupportStatus,
} from '../../spec/kubernetesVersions';
import type { Environment } from '../../spec/profiles';
import { resolveEnvironment } from '../../spec/resolveEnvironment';
import type { StackSpec } from '../../spec/stackSpec';
import type { FileTree } from '../../types';
import { AWS_COST_ALLOCATION_TAGS } from './awsBilling';
import { awsCiRoleName } from './awsCiRoleName';
import {
  EKS_AUTO_MODE_CLUSTER_POLICIES,
  EKS_AUTO_MODE_NODE_POLICIES,
} from './awsClusterModule';
import {
  awsAppAccess,
  type AwsEnvironment,
  type AwsService,
} from './awsService';

/** The account every mocked ARN uses. */
const ACCOUNT = '123456789012';

/** Backstage's own role in the cluster test: the principal that assumes the health reader. */
const BACKSTAGE_ROLE = `arn:aws:iam::${ACCOUNT}:role/backstage`;

/** A Route 53 zone ID for the runs that exercise DNS when the spec has none. */
const TEST_ZONE_ID = 'Z0TEST0SKYFORGE';

const TEST_LOAD_BALANCER = {
  dnsName: 'k8s-ingress-0123456789.elb.amazonaws.com',
  zoneId: 'Z32O12XQLNTSW2',
};

/** What the tests say at the top: what runs, against what, and what it proves. */
export const HEADER = [
  'Behavioural tests: `terraform test` (make validate, and the validate workflow) applies this',
  'configuration against a mocked AWS provider, so it needs no account and creates nothing. The',
  'mocks return the fixed values below where the provider validates them (ARNs, JSON policies).',
].join('\n');

/** A list of strings as an HCL expression, the way terraform fmt writes it. */
function hclList(values: readonly string[]): string {
  return `[${values.map(value => JSON.stringify(value)).join(', ')}]`;
}

/**
 * The shape GetDefaultScraperConfiguration returns, abridged to two of its jobs: one scraping
 * every pod port (which the monitoring module drops) and one the module keeps.
 */
export const DEFAULT_SCRAPE_CONFIGURATION = [
  'global:',
  '  scrape_interval: 30s',
  'scrape_configs:',
  '  - job_name: pod_exporter',
  '    kubernetes_sd_configs:',
  '      - role: pod',
  '  - job_name: kubernetes-nodes-cadvisor',
  '    kubernetes_sd_configs:',
  '      - role: node',
  '',
].join('\n');

/** An ARN of the mock account. */
export function mockArn(
  service: string,
  region: string,
  resourcePart: string,
): string {
  return `arn:aws:${service}:${region}:${ACCOUNT}:${resourcePart}`;
}

/** The `mock_provider "aws"` block: valid ARNs, policies and zones instead of random strings. */
export function mockProvider(
  region: string,
  options: {
    launchTemplates?: boolean;
    /** Further mocked resources: type => defaults. */
    resources?: Record<string, Record<string, HclValue>>;
  } = {},
): HclBody {
  const mockData = (type: string, defaults: Record<string, HclValue>) =>
    block('mock_data', [type], [attr('defaults', defaults)]);
  const mockResource = (type: string, defaults: Record<string, HclValue>) =>
    block('mock_resource', [type], [attr('defaults', defaults)]);
  return [
    block(
      'mock_provider',
      ['aws'],
      [
        mockData('aws_caller_identity', {
          account_id: ACCOUNT,
          arn: `arn:aws:iam::${ACCOUNT}:role/terraform`,
        }),
        mockData('aws_partition', {
          partition: 'aws',
          dns_suffix: 'amazonaws.com',
        }),
        mockData('aws_region', { name: region }),
        mockData('aws_availability_zones', {
          names: ['a', 'b', 'c'].map(zone => `${region}${zone}`),
          zone_ids: [1, 2, 3].map(zone => `az${zone}`),
        }),
        mockData('aws_iam_policy_document', {
          json: '{"Version":"2012-10-17","Statement":[]}',
        }),
        mockData('aws_ecr_lifecycle_policy_document', { json: '{"rules":[]}' }),
        mockData('aws_iam_role', {
          arn: `arn:aws:iam::${ACCOUNT}:role/ci`,
        }),
        mockData('aws_iam_openid_connect_provider', {
          arn: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`,
        }),
        mockData('aws_eks_addon_version', { version: 'v1.0.0-eksbuild.1' }),
        mockData('aws_prometheus_default_scraper_configuration', {
          configuration: DEFAULT_SCRAPE_CONFIGURATION,
        }),
        mockData('aws_lbs', { arns: [] }),
        mockResource('aws_iam_role', {
          arn: `arn:aws:iam::${ACCOUNT}:role/mock`,
        }),
        mockResource('aws_iam_openid_connect_provider', {
          arn: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`,
        }),
        mockResource('aws_kms_key', {
          arn: mockArn(
            'kms',
            region,
            'key/00000000-0000-0000-0000-000000000000',
          ),
        }),
        mockResource('aws_cloudwatch_log_group', {
          arn: mockArn('logs', region, 'log-group:mock'),
        }),
        mockResource('aws_sns_topic', { arn: mockArn('sns', region, 'mock') }),
        mockResource('aws_prometheus_workspace', {
          arn: mockArn('aps', region, 'workspace/ws-mock'),
        }),
        mockResource('aws_eks_cluster', {
          arn: mockArn('eks', region, 'cluster/mock'),
          certificate_authority: [{ data: 'bW9jaw==' }],
          vpc_config: { cluster_security_group_id: 'sg-0123456789abcdef0' },
        }),
        // The node groups of custom pools validate their launch template's ID.
        options.launchTemplates &&
          mockResource('aws_launch_template', { id: 'lt-0123456789abcdef0' }),
        Object.entries(options.resources ?? {}).map(([type, defaults]) =>
          mockResource(type, defaults),
        ),
        mockResource('aws_db_instance', {
          master_user_secret: [
            {
              secret_arn: mockArn('secretsmanager', region, 'secret:rds-mock'),
            },
          ],
        }),
        mockResource('aws_acm_certificate', {
          arn: mockArn(
            'acm',
            region,
            'certificate/00000000-0000-0000-0000-000000000000',
          ),
          domain_validation_options: [
            {
              domain_name: 'mock.example.com',
              resource_record_name: '_mock.example.com.',
              resource_record_type: 'CNAME',
              resource_record_value: '_mock.acm-validations.aws.',
            },
          ],
        }),
      ],
    ),
  ];
}

/** One `assert` block of a run. */
export function testAssertion(condition: string, message: string): HclBody {
  return [
    block(
      'assert',
      [],
      [attr('condition', expr(condition)), attr('error_message', message)],
    ),
  ];
}

/** A `run` block (apply unless planOnly) with its explaining comment. */
export function testRun(options: {
  name: string;
  comment: string;
  /** Plan instead of apply, for configurations that `terraform test` could not destroy afterwards. */
  planOnly?: boolean;
  module?: string;
  variables?: Record<string, HclValue | undefined>;
  overrides?: HclBody;
  assertions: HclBody;
}): HclBody {
  const variables = Object.entries(options.variables ?? {}).filter(
    (entry): entry is [string, HclValue] => entry[1] !== undefined,
  );
  return [
    comment(options.comment),
    block(
      'run',
      [options.name],
      [
        attr('command', expr(options.planOnly ? 'plan' : 'apply')),
        options.module !== undefined && [
          blank(),
          block('module', [], [attr('source', options.module)]),
        ],
        variables.length > 0 && [
          blank(),
          block(
            'variables',
            [],
            variables.map(([name, value]) => attr(name, value)),
          ),
        ],
        options.overrides && [blank(), options.overrides],
        blank(),
        options.assertions,
      ],
    ),
  ];
}

/** `module.source` of a run that tests a local module. */
export const testModuleSource = (capability: string) =>
  `../../../modules/${capability}/aws`;

function versionRun(options: {
  spec: StackSpec;
  environment: Environment;
}): HclBody {
  const { spec } = options;
  const { kubernetesVersion, extendedSupport } = spec.spec.cluster;
  const window = KUBERNETES_SUPPORT[kubernetesVersion].aws;
  const status = kubernetesSupportStatus({
    version: kubernetesVersion,
    cloud: 'aws',
  });
  const allowed = Object.keys(KUBERNETES_SUPPORT).filter(version => {
    const versionStatus = kubernetesSupportStatus({ version, cloud: 'aws' });
    return (
      versionStatus === 'standard' ||
      (extendedSupport && versionStatus === 'extended')
    );
  });
  return testRun({
    name: 'environment',
    comment: [
      `The whole environment applies, on a Kubernetes version EKS supports: ${kubernetesVersion} is in ${status} support`,
      `until ${
        status === 'extended'
          ? window.endOfExtendedSupport
          : window.endOfStandardSupport
      } (EKS release calendar, as of ${KUBERNETES_SUPPORT_AS_OF}).`,
    ].join('\n'),
    assertions: [
      testAssertion(
        `contains(${hclList(allowed)}, var.kubernetes_version)`,
        `kubernetes_version must be one of ${allowed.join(
          ', ',
        )}: the versions in EKS ${
          extendedSupport ? 'standard or extended' : 'standard'
        } support as of ${KUBERNETES_SUPPORT_AS_OF}.`,
      ),
      testAssertion(
        `module.cluster.kubernetes_version == var.kubernetes_version`,
        'The cluster must run the pinned version.',
      ),
      testAssertion(
        `output.cluster_name == "${
          resolveEnvironment({
            spec,
            cloud: 'aws',
            environment: options.environment,
          }).resourcePrefix
        }"`,
        'The cluster is named after the stack and the environment.',
      ),
      ingressHasTls(spec) &&
        testAssertion(
          'startswith(output.certificate_arn, "arn:aws:acm:")',
          'The environment must output the certificate the Ingress uses.',
        ),
    ],
  });
}

export function networkRun(): HclBody {
  return testRun({
    name: 'network',
    comment:
      'The private subnets carry the tag the node class selects them by; the public ones host load balancers.',
    module: testModuleSource('network'),
    variables: {
      name: expr('run.environment.cluster_name'),
      flow_log_retention_days: expr('var.log_retention_days'),
    },
    assertions: [
      testAssertion(
        `alltrue([for subnet in aws_subnet.private : subnet.tags["${AWS_NODE_DISCOVERY_TAG}"] == var.name])`,
        `Every private subnet must be tagged ${AWS_NODE_DISCOVERY_TAG}=<cluster> for the EKS Auto Mode node class.`,
      ),
      testAssertion(
        'alltrue([for subnet in aws_subnet.public : subnet.tags["kubernetes.io/role/elb"] == "1"])',
        'Internet-facing load balancers need public subnets tagged kubernetes.io/role/elb.',
      ),
    ],
  });
}

export function clusterAccessRun(options: { cluster: boolean }): HclBody {
  const { cluster } = options;
  return testRun({
    name: 'cluster_access',
    comment: cluster
      ? [
          "CI's path to the private API: a relay with no public address and no inbound rule that only",
          'the SSM agent uses, admitted to the control plane on 443 by its security group alone.',
        ].join('\n')
      : [
          "CI's path to the database (make database-user): a relay with no public address and no inbound",
          'rule that only the SSM agent uses; without a cluster it opens nothing else.',
        ].join('\n'),
    module: testModuleSource('cluster-access'),
    variables: {
      name: expr('run.environment.cluster_name'),
      vpc_id: 'vpc-0123456789abcdef0',
      subnet_id: 'subnet-0123456789abcdef0',
      cluster_security_group_id: cluster ? 'sg-0123456789abcdef0' : undefined,
      cluster: cluster ? undefined : false,
      database_security_group_ids: ['sg-0fedcba9876543210'],
    },
    assertions: [
      testAssertion(
        '!aws_instance.this.associate_public_ip_address && aws_instance.this.metadata_options[0].http_tokens == "required"',
        'The relay must have no public address and require IMDSv2.',
      ),
      cluster
        ? testAssertion(
            'aws_vpc_security_group_ingress_rule.cluster_from_proxy[0].security_group_id == var.cluster_security_group_id && aws_vpc_security_group_ingress_rule.cluster_from_proxy[0].referenced_security_group_id == aws_security_group.this.id && aws_vpc_security_group_ingress_rule.cluster_from_proxy[0].from_port == 443 && aws_vpc_security_group_ingress_rule.cluster_from_proxy[0].to_port == 443',
            'The control plane must admit the relay on 443 only, by security group, not by address range.',
          )
        : testAssertion(
            'length(aws_vpc_security_group_ingress_rule.cluster_from_proxy) == 0',
            'Without a cluster the relay is admitted nowhere but the database.',
          ),
      testAssertion(
        'aws_vpc_security_group_ingress_rule.database_from_proxy[0].security_group_id == "sg-0fedcba9876543210" && aws_vpc_security_group_ingress_rule.database_from_proxy[0].referenced_security_group_id == aws_security_group.this.id && aws_vpc_security_group_ingress_rule.database_from_proxy[0].from_port == 5432 && aws_vpc_security_group_ingress_rule.database_from_proxy[0].to_port == 5432 && aws_vpc_security_group_egress_rule.database[0].referenced_security_group_id == "sg-0fedcba9876543210" && aws_vpc_security_group_egress_rule.database[0].from_port == 5432',
        'make database-user reaches the database through the relay: the database admits the relay on 5432 only, by security group.',
      ),
      testAssertion(
        'endswith(aws_iam_role_policy_attachment.ssm.policy_arn, ":policy/AmazonSSMManagedInstanceCore")',
        'The relay role may only run the SSM agent.',
      ),
    ],
  });
}

function clusterRun(options: {
  spec: StackSpec;
  environment: Environment;
  services: readonly AwsService[];
  region: string;
  /** The custom pools (EKS managed node groups) of the environment, if any. */
  nodeGroups?: readonly PlannedCustomPool[];
}): HclBody {
  const { spec, environment, services, region, nodeGroups } = options;
  const app = appNamespace(spec.metadata.name);
  const ciRole = `arn:aws:iam::${ACCOUNT}:role/${awsCiRoleName({
    name: spec.metadata.name,
    environment,
  })}`;
  return testRun({
    name: 'cluster',
    comment: [
      'EKS Auto Mode installs what the manifests rely on: node autoscaling (its Karpenter), the load',
      'balancer controller, the EBS CSI driver and the NVIDIA device plugin; metrics-server is an add-on.',
    ].join('\n'),
    module: testModuleSource('cluster'),
    variables: {
      name: expr('run.environment.cluster_name'),
      subnet_ids: ['subnet-a', 'subnet-b', 'subnet-c'],
      public_access_cidrs: expr('var.public_endpoint_cidrs'),
      cluster_admin_role_arns: [ciRole],
      app_namespace: app,
      app_service_account: app,
      cluster_tags: { 'skyforge-capability': 'kubernetes-cluster' },
      backstage_principal_arns: [BACKSTAGE_ROLE],
      node_groups: nodeGroups ? expr('var.node_groups') : undefined,
      ...awsAppAccess(services).reduce(
        (values, access) => ({ ...values, ...access.testValues(region) }),
        {},
      ),
    },
    assertions: [
      testAssertion(
        'aws_eks_cluster.this.compute_config[0].enabled && aws_eks_cluster.this.storage_config[0].block_storage[0].enabled && aws_eks_cluster.this.kubernetes_network_config[0].elastic_load_balancing[0].enabled',
        'EKS Auto Mode must manage compute, block storage and load balancing together.',
      ),
      testAssertion(
        'aws_eks_cluster.this.compute_config[0].node_role_arn == aws_iam_role.node.arn && contains(aws_eks_cluster.this.compute_config[0].node_pools, "general-purpose")',
        'The built-in general-purpose pool must run the add-ons on the first apply, with the node role.',
      ),
      testAssertion(
        `alltrue([for policy in ${hclList(
          EKS_AUTO_MODE_CLUSTER_POLICIES,
        )} : contains(keys(aws_iam_role_policy_attachment.cluster), policy)])`,
        'The cluster role needs the cluster, compute, block storage, load balancing and networking policies.',
      ),
      testAssertion(
        `alltrue([for policy in ${hclList(
          EKS_AUTO_MODE_NODE_POLICIES,
        )} : contains(keys(aws_iam_role_policy_attachment.node), policy)])`,
        'The node role needs the minimal worker policy and image pulls.',
      ),
      testAssertion(
        'aws_eks_cluster.this.upgrade_policy[0].support_type == var.support_type && aws_eks_cluster.this.version == var.kubernetes_version',
        'The upgrade policy and the pinned version must agree with the environment values.',
      ),
      testAssertion(
        'aws_eks_addon.metrics_server.addon_name == "metrics-server" && aws_eks_addon.metrics_server.addon_version == data.aws_eks_addon_version.metrics_server.version',
        'metrics-server, which the HorizontalPodAutoscaler reads, must be installed at a resolved version.',
      ),
      testAssertion(
        `aws_ec2_tag.node_discovery.key == "${AWS_NODE_DISCOVERY_TAG}" && aws_ec2_tag.node_discovery.value == var.name && aws_ec2_tag.node_discovery.resource_id == aws_eks_cluster.this.vpc_config[0].cluster_security_group_id`,
        'The cluster security group must carry the discovery tag of the node class.',
      ),
      testAssertion(
        `aws_eks_access_policy_association.admin["${ciRole}"].policy_arn == "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"`,
        'The CI role of the environment must be able to deploy the manifests.',
      ),
      testAssertion(
        `aws_eks_access_entry.health_reader[0].principal_arn == aws_iam_role.health_reader[0].arn && aws_eks_access_entry.health_reader[0].type == "STANDARD" && aws_eks_access_entry.health_reader[0].kubernetes_groups == toset(["${HEALTH_READER_GROUP}"])`,
        "Backstage's health reader role must map to the health reader group, with no access policy.",
      ),
      testAssertion(
        'length(aws_eks_access_policy_association.admin) == length(var.cluster_admin_role_arns) && aws_eks_cluster.this.tags["skyforge-capability"] == "kubernetes-cluster"',
        'The health reader must get no cluster access policy, and the control plane its capability tag.',
      ),
      testAssertion(
        `aws_eks_pod_identity_association.app.namespace == "${app}" && aws_eks_pod_identity_association.app.service_account == "${app}" && aws_eks_pod_identity_association.app.role_arn == aws_iam_role.app.arn`,
        'The application ServiceAccount must be bound to its role by EKS Pod Identity.',
      ),
      testAssertion(
        spec.spec.cluster.publicEndpointCidrs.length > 0
          ? 'aws_eks_cluster.this.vpc_config[0].endpoint_private_access && aws_eks_cluster.this.vpc_config[0].endpoint_public_access'
          : 'aws_eks_cluster.this.vpc_config[0].endpoint_private_access && !aws_eks_cluster.this.vpc_config[0].endpoint_public_access',
        spec.spec.cluster.publicEndpointCidrs.length > 0
          ? 'The API endpoint is private plus the listed public networks.'
          : 'The API endpoint must stay private.',
      ),
      ...awsNodeGroupTestAssertions(nodeGroups ?? []).map(assertion =>
        testAssertion(assertion.condition, assertion.message),
      ),
    ],
  });
}

function ingressRuns(options: {
  spec: StackSpec;
  environment: Environment;
  region: string;
}): HclBody {
  const { spec, environment, region } = options;
  const host = spec.spec.app.ingress.host!;
  const zone = spec.spec.app.ingress.route53ZoneId ?? TEST_ZONE_ID;
  const owner = environment === hostOwnerEnvironment(spec);
  const loadBalancerArn = mockArn(
    'elasticloadbalancing',
    region,
    'loadbalancer/app/k8s-ingress/0123456789abcdef',
  );
  const tags = { 'skyforge-component': 'mock', environment };
  return [
    testRun({
      name: 'certificate',
      comment: [
        `HTTPS for ${host}: a DNS-validated ACM certificate. Given a Route 53 zone, Terraform writes the`,
        'validation record and waits for the certificate to be issued.',
      ].join('\n'),
      module: testModuleSource('ingress'),
      variables: {
        host,
        route53_zone_id: zone,
        create_host_record: owner,
        load_balancer_tags: tags,
      },
      assertions: [
        testAssertion(
          'aws_acm_certificate.this.domain_name == var.host && aws_acm_certificate.this.validation_method == "DNS"',
          'The certificate must cover the host and validate by DNS.',
        ),
        testAssertion(
          'length(aws_route53_record.validation) == 1 && length(aws_acm_certificate_validation.this) == 1',
          'With a zone, the validation record and the wait for issuance must exist.',
        ),
        testAssertion(
          'length(aws_route53_record.host) == 0',
          'Before the first deploy there is no load balancer to point the host at.',
        ),
      ],
    }),
    testRun({
      name: 'certificate_without_zone',
      comment:
        'Without a zone nothing is written to DNS: the validation record is an output for the DNS provider.',
      module: testModuleSource('ingress'),
      variables: {
        host,
        route53_zone_id: expr('null'),
        create_host_record: owner,
        load_balancer_tags: tags,
      },
      assertions: [
        testAssertion(
          'length(aws_route53_record.validation) == 0 && length(aws_acm_certificate_validation.this) == 0',
          'Without a zone no DNS record may be created.',
        ),
        testAssertion(
          'output.certificate_validation_record.type == "CNAME"',
          'The validation record must be an output.',
        ),
      ],
    }),
    testRun({
      name: 'host_record',
      comment: owner
        ? `Once the Ingress has a load balancer, ${environment} (which owns the name) points ${host} at it.`
        : `Once the Ingress has a load balancer, ${environment} still leaves ${host} to ${hostOwnerEnvironment(
            spec,
          )}, which owns the name.`,
      module: testModuleSource('ingress'),
      variables: {
        host,
        route53_zone_id: zone,
        create_host_record: owner,
        load_balancer_tags: tags,
      },
      overrides: [
        block(
          'override_data',
          [],
          [
            attr('target', expr('data.aws_lbs.ingress')),
            attr('values', { arns: [loadBalancerArn] }),
          ],
        ),
        block(
          'override_data',
          [],
          [
            attr('target', expr('data.aws_lb.ingress')),
            attr('values', {
              dns_name: TEST_LOAD_BALANCER.dnsName,
              zone_id: TEST_LOAD_BALANCER.zoneId,
            }),
          ],
        ),
      ],
      assertions: owner
        ? [
            testAssertion(
              `length(aws_route53_record.host) == 1 && aws_route53_record.host[0].name == var.host && one(aws_route53_record.host[0].alias).name == "${TEST_LOAD_BALANCER.dnsName}"`,
              'The host must become an alias of the load balancer.',
            ),
            testAssertion(
              `output.load_balancer_dns_name == "${TEST_LOAD_BALANCER.dnsName}"`,
              'The load balancer must be an output.',
            ),
          ]
        : [
            testAssertion(
              'length(aws_route53_record.host) == 0',
              'Only the environment that owns the name may point it at its load balancer.',
            ),
          ],
    }),
  ];
}

/** `infra/envs/<env>/aws/tests/day1.tftest.hcl`: the day-1 chain of one environment. */
export function awsEnvironmentTests(context: AwsEnvironment): FileTree {
  const { spec, environment, services } = context;
  const region = context.resolved.region;
  return {
    [`infra/envs/${environment}/aws/tests/day1.tftest.hcl`]: writeHcl([
      comment(HEADER),
      mockProvider(region, {
        launchTemplates: context.resolved.nodePools.custom !== undefined,
      }),
      versionRun({ spec, environment }),
      networkRun(),
      clusterRun({
        spec,
        environment,
        services,
        region,
        nodeGroups: context.resolved.nodePools.custom,
      }),
      clusterAccessRun({ cluster: true }),
      services.map(service => service.environmentTests?.(context)),
      ingressHasTls(spec) && ingressRuns({ spec, environment, region }),
    ]),
  };
}

/** `infra/bootstrap/aws/tests/bootstrap.tftest.hcl`: state storage and CI identities. */
export function awsBootstrapTests(spec: StackSpec): FileTree {
  const region = spec.spec.regions.aws!;
  const subject = 'repo:acme-1234567/infra-890123456';
  return {
    'infra/bootstrap/aws/tests/bootstrap.tftest.hcl': writeHcl([
      comment(HEADER),
      mockProvider(region),
      testRun({
        name: 'bootstrap',
        comment: [
          'Encrypted, versioned, private state storage, and CI roles that only the GitHub environment',
          'of the same name (or a pull request or main, for the read-only plan role) can assume, each',
          'held to its environment by a permissions boundary. A plan: it judges what the configuration',
          'decides, not what a mock invented.',
        ].join('\n'),
        planOnly: true,
        variables: {
          github_owner: 'acme',
          github_owner_id: '1234567',
          github_repository: 'infra',
          github_repository_id: '890123456',
        },
        assertions: [
          testAssertion(
            'aws_s3_bucket_versioning.state.versioning_configuration[0].status == "Enabled"',
            'State versions must be kept so a bad apply can be rolled back.',
          ),
          testAssertion(
            'one(one(aws_s3_bucket_server_side_encryption_configuration.state.rule).apply_server_side_encryption_by_default).sse_algorithm == "aws:kms"',
            'State must be encrypted with the KMS key of the bootstrap.',
          ),
          testAssertion(
            'aws_s3_bucket_public_access_block.state.block_public_acls && aws_s3_bucket_public_access_block.state.block_public_policy && aws_s3_bucket_public_access_block.state.ignore_public_acls && aws_s3_bucket_public_access_block.state.restrict_public_buckets',
            'The state bucket must block every kind of public access.',
          ),
          testAssertion(
            '!aws_s3_bucket.state.force_destroy && !aws_s3_bucket.access_logs.force_destroy && !aws_s3_bucket.billing.force_destroy',
            "A destroy must stop at the buckets while they hold data: the state bucket guards every environment's state.",
          ),
          testAssertion(
            `toset(keys(aws_iam_role.deploy)) == toset(${hclList(
              spec.spec.environments,
            )})`,
            'There must be one CI role per environment.',
          ),
          testAssertion(
            `alltrue([for environment, document in data.aws_iam_policy_document.deploy_assume : contains(flatten([for condition in document.statement[0].condition : condition.values]), "${subject}:environment:\${environment}")])`,
            'Each CI role must trust only jobs in the GitHub environment of its name (immutable subject).',
          ),
          testAssertion(
            `toset([for value in flatten([for condition in data.aws_iam_policy_document.plan_assume.statement[0].condition : condition.values]) : value if startswith(value, "repo:")]) == toset(["${subject}:pull_request", "${subject}:ref:refs/heads/main"]) && endswith(aws_iam_role_policy_attachment.plan.policy_arn, ":policy/job-function/ViewOnlyAccess")`,
            'The plan role must be view-only and trust pull requests and main only.',
          ),
          testAssertion(
            'alltrue([for environment, document in data.aws_iam_policy_document.deploy_boundary : length(setintersection([for statement in document.statement : statement.sid], ["CiRolesAndBoundaries", "NoRoleChaining", "StateStorage"])) == 3])',
            'Each CI role needs a boundary that keeps it off the CI roles, the state storage and other roles.',
          ),
          spec.spec.environments.length > 1 &&
            testAssertion(
              'alltrue([for environment, document in data.aws_iam_policy_document.deploy_boundary : alltrue([for statement in document.statement : !contains(flatten([for condition in statement.condition : condition.values]), environment) && length(flatten([for condition in statement.condition : condition.values])) > 0 if statement.sid == "OtherEnvironmentsResources"])])',
              "A CI role's boundary must deny the resources of every other environment, and only those.",
            ),
        ],
      }),
      testRun({
        name: 'teardown',
        comment: [
          'make bootstrap-destroy applies -var teardown=true before it destroys: then every bucket of',
          'the bootstrap goes with all its object versions.',
        ].join('\n'),
        planOnly: true,
        variables: {
          github_owner: 'acme',
          github_owner_id: '1234567',
          github_repository: 'infra',
          github_repository_id: '890123456',
          teardown: true,
        },
        assertions: [
          testAssertion(
            'aws_s3_bucket.state.force_destroy && aws_s3_bucket.access_logs.force_destroy && aws_s3_bucket.billing.force_destroy && aws_s3_bucket.billing_access_logs.force_destroy',
            'The teardown must let destroy empty every bucket of the bootstrap.',
          ),
        ],
      }),
      billingRuns(),
    ]),
  };
}

/** The billing side (billing.tf): the FOCUS export, its bucket and the cost allocation tags. */
function billingRuns(): HclBody {
  const github = {
    github_owner: 'acme',
    github_owner_id: '1234567',
    github_repository: 'infra',
    github_repository_id: '890123456',
  };
  return [
    testRun({
      name: 'billing_before_tags_exist',
      comment: [
        'On the first apply no resource carries the attribution tags yet, and AWS refuses to activate',
        'a tag key it has not seen: the export is created, the tags are not.',
      ].join('\n'),
      planOnly: true,
      variables: github,
      assertions: [
        testAssertion(
          'length(aws_ce_cost_allocation_tag.attribution) == 0',
          'Cost allocation tags must wait until billing has seen them.',
        ),
        testAssertion(
          'strcontains(aws_bcmdataexports_export.focus.export[0].data_query[0].query_statement, "FROM FOCUS_1_0_AWS") && alltrue([for column in ["EffectiveCost", "ChargePeriodStart", "BillingCurrency", "Tags"] : strcontains(aws_bcmdataexports_export.focus.export[0].data_query[0].query_statement, column)])',
          'The export must be FOCUS 1.0 with the columns Skyforge reads (costs, periods, currency, tags).',
        ),
        testAssertion(
          'aws_bcmdataexports_export.focus.export[0].destination_configurations[0].s3_destination[0].s3_bucket == aws_s3_bucket.billing.bucket && aws_bcmdataexports_export.focus.export[0].destination_configurations[0].s3_destination[0].s3_output_configurations[0].format == "PARQUET"',
          'The export must land as Parquet in the billing bucket.',
        ),
        testAssertion(
          'one(one(aws_s3_bucket_server_side_encryption_configuration.billing.rule).apply_server_side_encryption_by_default).sse_algorithm == "aws:kms" && aws_s3_bucket_public_access_block.billing.restrict_public_buckets',
          'Billing data must be private and encrypted with the KMS key of the bootstrap.',
        ),
      ],
    }),
    testRun({
      name: 'billing_tags_activated',
      comment:
        'Once the tags exist, the contract keys become cost allocation tags, and Backstage may read the export.',
      planOnly: true,
      variables: {
        ...github,
        activate_cost_allocation_tags: true,
        backstage_principal_arns: [`arn:aws:iam::${ACCOUNT}:role/backstage`],
      },
      assertions: [
        testAssertion(
          `toset(keys(aws_ce_cost_allocation_tag.attribution)) == toset(${hclList(
            AWS_COST_ALLOCATION_TAGS,
          )}) && alltrue([for tag in aws_ce_cost_allocation_tag.attribution : tag.status == "Active"])`,
          'Every attribution key but managed-by must be an active cost allocation tag.',
        ),
      ],
    }),
  ];
}
