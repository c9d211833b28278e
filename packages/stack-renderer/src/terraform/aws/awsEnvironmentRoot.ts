import {
  attr,
  blank,
  block,
  comment,
  data,
  expr,
  type HclBody,
} from '../../hcl/hcl';
import {
  hostOwnerEnvironment,
  ingressHasTls,
} from '../../kustomize/appIngress';
import { appNamespace, clusterEntityName } from '../../naming';
import { stackService } from '../../services/stackServices';
import { capabilityTags, stackTags } from '../../tags';
import type { FileTree } from '../../types';
import type { Capability } from '../common/capability';
import {
  environmentRoot,
  moduleCall as environmentModuleCall,
  type ServiceRoot,
  type TfvarsSection,
} from '../common/environmentRoot';
import type { RootVariable } from '../common/rootVariable';
import { TEARDOWN_VARIABLE } from '../common/teardownVariable';
import { terraformOutput } from '../common/terraformOutput';
import { terraformSettings } from '../common/terraformSettings';
import { awsCiRoleName } from './awsCiRoleName';
import { AWS_HEALTH_READER_ROOT_VARIABLE } from './awsHealthReader';
import {
  NODE_GROUPS_TYPE,
  NODE_GROUPS_VALIDATIONS,
  awsNodeGroupsValue,
} from './awsNodeGroups';
import {
  awsAppAccess,
  type AwsEnvironment,
  type AwsService,
} from './awsService';
import { runsKubernetes } from '../../spec/computeTarget';
import { hasClusterOn } from '../../spec/deploymentTargets';
import {
  awsServerlessArguments,
  awsServerlessOutputs,
  awsServerlessVariables,
} from './awsServerlessRoot';

/** The groups of terraform.tfvars, in order. */
const TFVARS_SECTIONS: readonly TfvarsSection[] = [
  { id: 'placement', heading: 'Placement and access' },
  {
    id: 'profile',
    heading: 'Environment profile: availability, protection, retention',
  },
  { id: 'nodes', heading: 'Node groups (spec.cluster.nodePools)' },
  {
    id: 'serverless',
    heading: 'Serverless service: ECS Fargate behind an ALB (spec.app)',
  },
  { id: 'services', heading: 'Data services' },
];

/** CloudWatch Logs accepts only these retention periods. */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827,
  2192, 2557, 2922, 3288, 3653,
];

/** The variables of the EKS cluster, which serverless environments do not have. */
function clusterVariables(context: AwsEnvironment): RootVariable[] {
  const { spec, resolved } = context;
  const { cluster } = spec.spec;
  return [
    {
      name: 'kubernetes_version',
      type: 'string',
      description: 'Kubernetes minor version of the EKS cluster.',
      value: cluster.kubernetesVersion,
      validations: [
        {
          condition: 'can(regex("^1\\\\.[0-9]+$", var.kubernetes_version))',
          message: 'kubernetes_version must be a minor version such as 1.36.',
        },
      ],
    },
    {
      name: 'support_type',
      type: 'string',
      description:
        'EKS upgrade policy: STANDARD (upgraded when standard support ends) or EXTENDED ($0.60 instead of $0.10 per cluster-hour after it).',
      value: resolved.controlPlane.supportType,
      validations: [
        {
          condition: 'contains(["STANDARD", "EXTENDED"], var.support_type)',
          message: 'support_type must be STANDARD or EXTENDED.',
        },
      ],
    },
    {
      name: 'public_endpoint_cidrs',
      type: 'list(string)',
      description:
        'Networks allowed to reach the public Kubernetes API endpoint; empty keeps it private.',
      value: [...cluster.publicEndpointCidrs],
      validations: [
        {
          condition:
            'alltrue([for cidr in var.public_endpoint_cidrs : can(cidrhost(cidr, 0)) && !endswith(cidr, "/0")])',
          message:
            'public_endpoint_cidrs must be IPv4 blocks, and none may be /0.',
        },
      ],
    },
    AWS_HEALTH_READER_ROOT_VARIABLE,
    {
      name: 'cluster_admin_role_arns',
      type: 'list(string)',
      description:
        'IAM roles granted cluster-admin in addition to the CI role of this environment.',
      value: [],
      validations: [
        {
          condition:
            'alltrue([for arn in var.cluster_admin_role_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/", arn))])',
          message: 'cluster_admin_role_arns must be IAM role ARNs.',
        },
      ],
    },
  ];
}

function platformVariables(context: AwsEnvironment): RootVariable[] {
  const { spec, environment, resolved } = context;
  const { profile } = resolved;
  const { app } = spec.spec;
  const kubernetes = runsKubernetes(resolved);
  const placement: RootVariable[] = [
    {
      name: 'region',
      type: 'string',
      description: 'AWS region of every resource of this environment.',
      value: resolved.region,
      validations: [
        {
          condition: 'can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))',
          message: 'region must be an AWS region name such as us-east-1.',
        },
      ],
    },
    {
      name: 'cidr',
      type: 'string',
      description: 'IPv4 /16 block of the VPC.',
      value: resolved.cidr,
      validations: [
        {
          condition: 'can(cidrhost(var.cidr, 0)) && endswith(var.cidr, "/16")',
          message: 'cidr must be an IPv4 /16 block such as 10.40.0.0/16.',
        },
      ],
    },
    ...(kubernetes ? clusterVariables(context) : []),
    ...(ingressHasTls(spec)
      ? [
          {
            name: 'route53_zone_id',
            type: 'string',
            description: `Public Route 53 zone of ${app.ingress.host}; null leaves the DNS records to you (see the outputs).`,
            value: app.ingress.route53ZoneId ?? expr('null'),
            validations: [
              {
                condition:
                  'var.route53_zone_id == null || can(regex("^Z[0-9A-Z]+$", var.route53_zone_id))',
                message:
                  'route53_zone_id must be a Route 53 hosted zone ID such as Z0123456789ABCDEFGHIJ, or null.',
              },
            ],
          },
          {
            name: 'create_host_record',
            type: 'bool',
            description: `Point ${app.ingress.host} at this environment's load balancer (one environment owns the name).`,
            value: environment === hostOwnerEnvironment(spec),
          },
        ]
      : []),
  ];
  const environmentProfile: RootVariable[] = [
    {
      name: 'nat_per_zone',
      type: 'bool',
      description:
        'One NAT gateway per zone (true) or a single shared one (false).',
      value: resolved.network.natPerZone,
    },
    {
      name: 'high_availability',
      type: 'bool',
      description:
        'Multi-AZ database standby and a Redis replica with automatic failover.',
      value: profile.highAvailability,
    },
    {
      name: 'deletion_protection',
      type: 'bool',
      description: 'Deletion protection and a final snapshot for the database.',
      value: profile.deletionProtection,
    },
    TEARDOWN_VARIABLE,
    {
      name: 'backup_retention_days',
      type: 'number',
      description: 'Days of database backups and Redis snapshots.',
      value: profile.backupRetentionDays,
      validations: [
        {
          condition:
            'var.backup_retention_days >= 7 && var.backup_retention_days <= 35',
          message: 'backup_retention_days must be between 7 and 35.',
        },
      ],
    },
    {
      name: 'log_retention_days',
      type: 'number',
      description:
        'Days to keep flow logs, control-plane logs and service logs.',
      value: profile.logRetentionDays,
      validations: [
        {
          condition: `contains([${LOG_RETENTION_DAYS.join(
            ', ',
          )}], var.log_retention_days)`,
          message:
            'log_retention_days must be a retention period CloudWatch Logs accepts (e.g. 90, 365).',
        },
      ],
    },
  ];
  const custom = resolved.nodePools.custom;
  const nodes: RootVariable[] =
    custom && kubernetes
      ? [
          {
            name: 'node_groups',
            type: NODE_GROUPS_TYPE,
            description:
              'EKS managed node groups by name; they hold desired_size nodes (COST.md prices that many), and min_size/max_size bound an autoscaler if you add one.',
            value: awsNodeGroupsValue(custom),
            validations: NODE_GROUPS_VALIDATIONS,
            section: 'nodes',
          },
        ]
      : [];
  return [
    ...placement.map(variable => ({ ...variable, section: 'placement' })),
    ...environmentProfile.map(variable => ({
      ...variable,
      section: 'profile',
    })),
    ...nodes,
    ...(kubernetes ? [] : awsServerlessVariables(context)),
  ];
}

function main(
  context: AwsEnvironment,
  services: ReadonlyArray<{ service: AwsService; root: ServiceRoot }>,
  rootOutputs: HclBody,
): HclBody {
  const { spec, environment, resolved } = context;
  const kubernetes = runsKubernetes(resolved);
  const appName = appNamespace(spec.metadata.name);
  const moduleCall = (options: {
    capability: Capability;
    arguments: HclBody;
  }) => environmentModuleCall({ cloud: 'aws', ...options });
  return [
    block(
      'locals',
      [],
      [
        attr('name', resolved.resourcePrefix),
        blank(),
        comment(
          'The attribution tags (skyforge-component, environment, ...) on every resource, via default_tags.',
        ),
        attr('tags', stackTags({ spec, environment })),
      ],
    ),
    comment('The CI role of this environment, created by infra/bootstrap/aws.'),
    data('aws_iam_role', 'ci', [
      attr('name', awsCiRoleName({ name: spec.metadata.name, environment })),
    ]),
    moduleCall({
      capability: 'network',
      arguments: [
        attr('name', expr('local.name')),
        attr('cidr', expr('var.cidr')),
        attr('nat_per_zone', expr('var.nat_per_zone')),
        attr('flow_log_retention_days', expr('var.log_retention_days')),
      ],
    }),
    kubernetes &&
      moduleCall({
        capability: 'cluster',
        arguments: [
          attr('name', expr('local.name')),
          attr('kubernetes_version', expr('var.kubernetes_version')),
          attr('support_type', expr('var.support_type')),
          attr('subnet_ids', expr('module.network.private_subnet_ids')),
          attr('public_access_cidrs', expr('var.public_endpoint_cidrs')),
          attr('log_retention_days', expr('var.log_retention_days')),
          attr(
            'cluster_admin_role_arns',
            expr(
              'concat([data.aws_iam_role.ci.arn], var.cluster_admin_role_arns)',
            ),
          ),
          blank(),
          comment(
            'EKS Pod Identity binds this ServiceAccount to the application role; no annotation needed.',
          ),
          attr('app_namespace', appName),
          attr('app_service_account', appName),
          awsAppAccess(context.services).map(access => access.arguments),
          resolved.nodePools.custom && [
            blank(),
            attr('node_groups', expr('var.node_groups')),
          ],
          blank(),
          comment(
            'Cost attribution of the control plane; the node classes in deploy/platform tag the nodes alike.',
          ),
          attr(
            'cluster_tags',
            capabilityTags({
              type: 'kubernetes-cluster',
              cluster: clusterEntityName({ spec, environment, cloud: 'aws' }),
            }),
          ),
          attr(
            'backstage_principal_arns',
            expr('var.backstage_principal_arns'),
          ),
        ],
      }),
    // Serverless environments keep the relay only for make database-user.
    (kubernetes || spec.spec.services.postgres) &&
      moduleCall({
        capability: 'cluster-access',
        arguments: [
          attr('name', expr('local.name')),
          attr('vpc_id', expr('module.network.vpc_id')),
          attr('subnet_id', expr('module.network.private_subnet_ids[0]')),
          kubernetes
            ? attr(
                'cluster_security_group_id',
                expr('module.cluster.node_security_group_id'),
              )
            : attr('cluster', false),
          spec.spec.services.postgres &&
            attr('database_security_group_ids', [
              expr('module.database.security_group_id'),
            ]),
        ],
      }),
    services.map(({ service, root }) =>
      moduleCall({
        capability: root.capability ?? stackService(service.id).capability,
        arguments: root.arguments,
      }),
    ),
    ingressHasTls(spec) &&
      moduleCall({
        capability: 'ingress',
        arguments: [
          attr('host', spec.spec.app.ingress.host),
          attr('route53_zone_id', expr('var.route53_zone_id')),
          // The module finds the Ingress's load balancer only where an environment runs EKS.
          hasClusterOn(spec, 'aws') && [
            attr(
              'create_host_record',
              // The serverless module points the host at its own load balancer.
              kubernetes ? expr('var.create_host_record') : false,
            ),
            comment(
              'The Ingress tags its load balancer with the attribution tags; these two find it.',
            ),
            attr('load_balancer_tags', {
              'skyforge-component': expr('local.tags["skyforge-component"]'),
              environment: expr('local.tags.environment'),
            }),
          ],
        ],
      }),
    !kubernetes &&
      moduleCall({
        capability: 'serverless',
        arguments: awsServerlessArguments(context, rootOutputs),
      }),
  ];
}

function outputs(
  context: AwsEnvironment,
  services: ReadonlyArray<{ root: ServiceRoot }>,
): HclBody {
  const { spec, resolved } = context;
  const kubernetes = runsKubernetes(resolved);
  const relay = kubernetes || spec.spec.services.postgres;
  return [
    terraformOutput({
      name: 'cluster_name',
      description: kubernetes
        ? 'Name of the EKS cluster.'
        : 'Name of the ECS cluster of the application: make deploy and make rollback act on it.',
      value: kubernetes
        ? 'module.cluster.cluster_name'
        : 'module.serverless.cluster_name',
    }),
    terraformOutput({
      name: 'region',
      description: 'AWS region of this environment.',
      value: 'var.region',
    }),
    kubernetes && [
      terraformOutput({
        name: 'cluster_endpoint',
        description:
          'URL of the private Kubernetes API server: make k8s-tunnel forwards a local port to it, make catalog-registration writes it into catalog-info.yaml.',
        value: 'module.cluster.cluster_endpoint',
      }),
      terraformOutput({
        name: 'cluster_certificate_authority',
        description:
          'Base64 CA certificate of the API server; make catalog-registration writes it into catalog-info.yaml.',
        value: 'module.cluster.cluster_certificate_authority',
      }),
      terraformOutput({
        name: 'health_reader_role_arn',
        description:
          "IAM role Backstage assumes to read the cluster's health; make catalog-registration writes it into catalog-info.yaml.",
        value: 'module.cluster.health_reader_role_arn',
      }),
    ],
    terraformOutput({
      name: 'vpc_id',
      description: kubernetes ? 'VPC of the cluster.' : 'VPC of the service.',
      value: 'module.network.vpc_id',
    }),
    relay &&
      terraformOutput({
        name: 'api_proxy_instance_id',
        description: kubernetes
          ? 'Instance that relays make k8s-tunnel sessions (AWS Systems Manager) to the private endpoint.'
          : 'Instance that relays make database-user sessions (AWS Systems Manager) to the database.',
        value: 'module.cluster_access.instance_id',
      }),
    kubernetes
      ? terraformOutput({
          name: 'app_role_arn',
          description:
            'IAM role of the application, bound to its ServiceAccount by EKS Pod Identity.',
          value: 'module.cluster.app_role_arn',
        })
      : awsServerlessOutputs(),
    services.map(({ root }) => root.outputs),
    ingressHasTls(spec) && [
      terraformOutput({
        name: 'certificate_arn',
        description: kubernetes
          ? 'ACM certificate of the Ingress; make k8s-certificate writes it into the overlay.'
          : 'ACM certificate of the HTTPS listener.',
        value: 'module.ingress.certificate_arn',
      }),
      terraformOutput({
        name: 'certificate_validation_record',
        description:
          'CNAME that validates the certificate; create it at your DNS provider when route53_zone_id is null.',
        value: 'module.ingress.certificate_validation_record',
      }),
      kubernetes &&
        terraformOutput({
          name: 'load_balancer_dns_name',
          description: `Load balancer of the Ingress: point ${spec.spec.app.ingress.host} at it where Route 53 does not (null before the first deploy).`,
          value: 'module.ingress.load_balancer_dns_name',
        }),
    ],
  ];
}

/** The AWS root module of one environment: versions, backend, modules, variables and values. */
export function awsEnvironmentRoot(context: AwsEnvironment): FileTree {
  const { environment, resolved } = context;
  const services = context.services.map(service => ({
    service,
    root: service.root(context),
  }));
  return environmentRoot({
    cloud: 'aws',
    environment,
    versions: [
      terraformSettings('aws'),
      block(
        'provider',
        ['aws'],
        [
          attr('region', expr('var.region')),
          blank(),
          block('default_tags', [], [attr('tags', expr('local.tags'))]),
        ],
      ),
    ],
    backend: [
      comment(
        [
          'The bucket comes from the AWS bootstrap (output tf_state_bucket) at init time:',
          '  terraform init -backend-config=bucket=$TF_STATE_BUCKET',
          'use_lockfile locks with an S3 conditional write; no DynamoDB table is needed.',
        ].join('\n'),
      ),
      block(
        'terraform',
        [],
        [
          block(
            'backend',
            ['s3'],
            [
              attr('key', `${environment}/aws/terraform.tfstate`),
              attr('region', resolved.region),
              attr('encrypt', true),
              attr('use_lockfile', true),
            ],
          ),
        ],
      ),
    ],
    main: main(context, services, outputs(context, services)),
    variables: [
      ...platformVariables(context),
      ...services.flatMap(({ root }) =>
        root.variables.map(variable => ({ ...variable, section: 'services' })),
      ),
    ],
    outputs: outputs(context, services),
    tfvars: { sections: TFVARS_SECTIONS },
  });
}
