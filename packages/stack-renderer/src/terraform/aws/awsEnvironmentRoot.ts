import {
  attr,
  blank,
  block,
  comment,
  data,
  expr,
  writeHcl,
  type HclBody,
  type HclValue,
} from '../../hcl/hcl';
import {
  hostOwnerEnvironment,
  ingressHasTls,
} from '../../kustomize/appIngress';
import { appNamespace } from '../../naming';
import { resolveEnvironment } from '../../spec/resolveEnvironment';
import type { Environment } from '../../spec/profiles';
import type { StackSpec } from '../../spec/stackSpec';
import { stackTags } from '../../tags';
import type { FileTree } from '../../types';
import { awsCiRoleName } from './awsCiRoleName';
import type { AwsCapability } from './awsModuleFiles';
import type { AwsStackFeatures } from './awsStackFeatures';
import { awsTerraformSettings } from './awsTerraformSettings';
import { terraformOutput } from '../common/terraformOutput';
import {
  terraformVariable,
  type VariableValidation,
} from '../common/terraformVariable';

/** Folder of the AWS root module of one environment. */
export function awsEnvironmentPath(environment: Environment): string {
  return `infra/envs/${environment}/aws`;
}

/** One variable of the root module with its value in terraform.tfvars. */
interface RootVariable {
  name: string;
  type: string;
  description: string;
  value: HclValue;
  validations?: readonly VariableValidation[];
}

/** Headings of terraform.tfvars, placed before the variable that opens each group. */
const TFVARS_SECTIONS: Record<string, string> = {
  region: 'Placement and access',
  nat_per_zone: 'Environment profile: availability, protection, retention',
  database_instance_class: 'Data services',
};

/** CloudWatch Logs accepts only these retention periods. */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827,
  2192, 2557, 2922, 3288, 3653,
];

function rootVariables(options: {
  spec: StackSpec;
  environment: Environment;
  features: AwsStackFeatures;
}): RootVariable[] {
  const { spec, environment, features } = options;
  const resolved = resolveEnvironment({ spec, cloud: 'aws', environment });
  const { preset, profile } = resolved;
  const { cluster, app } = spec.spec;
  return [
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
      value: spec.spec.network.cidr,
      validations: [
        {
          condition: 'can(cidrhost(var.cidr, 0)) && endswith(var.cidr, "/16")',
          message: 'cidr must be an IPv4 /16 block such as 10.40.0.0/16.',
        },
      ],
    },
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
      value: cluster.extendedSupport ? 'EXTENDED' : 'STANDARD',
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
    {
      name: 'nat_per_zone',
      type: 'bool',
      description:
        'One NAT gateway per zone (true) or a single shared one (false).',
      value: profile.natPerZone,
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
    ...(features.postgres
      ? [
          {
            name: 'database_instance_class',
            type: 'string',
            description: 'RDS instance class of the PostgreSQL database.',
            value: preset.database.tier,
            validations: [
              {
                condition: 'startswith(var.database_instance_class, "db.")',
                message:
                  'database_instance_class must be an RDS instance class such as db.t4g.medium.',
              },
            ],
          },
          {
            name: 'database_allocated_storage',
            type: 'number',
            description: 'Initial database storage in GiB.',
            value: preset.database.storageGb,
            validations: [
              {
                condition: 'var.database_allocated_storage >= 20',
                message: 'database_allocated_storage must be at least 20 GiB.',
              },
            ],
          },
        ]
      : []),
    ...(features.redis
      ? [
          {
            name: 'cache_node_type',
            type: 'string',
            description: 'ElastiCache node type of the Redis cache.',
            value: preset.cache.tier,
            validations: [
              {
                condition: 'startswith(var.cache_node_type, "cache.")',
                message:
                  'cache_node_type must be an ElastiCache node type such as cache.t4g.small.',
              },
            ],
          },
        ]
      : []),
  ];
}

function moduleCall(options: {
  capability: AwsCapability;
  arguments: HclBody;
}): HclBody {
  return [
    block(
      'module',
      [options.capability],
      [
        attr('source', `../../../modules/${options.capability}/aws`),
        blank(),
        options.arguments,
      ],
    ),
  ];
}

function mainFile(options: {
  spec: StackSpec;
  environment: Environment;
  features: AwsStackFeatures;
}): string {
  const { spec, environment, features } = options;
  const resolved = resolveEnvironment({ spec, cloud: 'aws', environment });
  const appName = appNamespace(spec.metadata.name);
  // Where the database and the cache live: private subnets, reachable from the nodes only.
  const privatePlacement = [
    attr('name', expr('local.name')),
    attr('vpc_id', expr('module.network.vpc_id')),
    attr('subnet_ids', expr('module.network.private_subnet_ids')),
    attr('allowed_security_group_ids', [
      expr('module.cluster.node_security_group_id'),
    ]),
    blank(),
  ];
  return writeHcl([
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
        features.objectStorage && [
          attr('bucket_arn', expr('module.storage.bucket_arn')),
          attr('bucket_kms_key_arn', expr('module.storage.kms_key_arn')),
        ],
        features.postgres && [
          attr('database_resource_id', expr('module.database.resource_id')),
          attr('database_user', expr('module.database.app_user')),
        ],
        features.redis && [
          attr(
            'cache_replication_group_arn',
            expr('module.cache.replication_group_arn'),
          ),
          attr('cache_user_arn', expr('module.cache.app_user_arn')),
        ],
      ],
    }),
    features.postgres &&
      moduleCall({
        capability: 'database',
        arguments: [
          ...privatePlacement,
          attr('instance_class', expr('var.database_instance_class')),
          attr('allocated_storage', expr('var.database_allocated_storage')),
          attr('multi_az', expr('var.high_availability')),
          attr('deletion_protection', expr('var.deletion_protection')),
          attr('backup_retention_days', expr('var.backup_retention_days')),
          attr('log_retention_days', expr('var.log_retention_days')),
          attr('database_name', spec.metadata.name.replace(/-/g, '_')),
          attr('app_user', spec.metadata.name.replace(/-/g, '_')),
        ],
      }),
    features.redis &&
      moduleCall({
        capability: 'cache',
        arguments: [
          ...privatePlacement,
          attr('node_type', expr('var.cache_node_type')),
          attr('high_availability', expr('var.high_availability')),
          attr('snapshot_retention_days', expr('var.backup_retention_days')),
          attr('log_retention_days', expr('var.log_retention_days')),
        ],
      }),
    features.objectStorage &&
      moduleCall({
        capability: 'storage',
        arguments: [
          attr('name', expr('local.name')),
          attr('access_log_retention_days', expr('var.log_retention_days')),
        ],
      }),
    features.registry &&
      moduleCall({
        capability: 'registry',
        arguments: [attr('name', expr('local.name'))],
      }),
    features.monitoring &&
      moduleCall({
        capability: 'monitoring',
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
          features.postgres && attr('database_identifier', expr('local.name')),
        ],
      }),
    ingressHasTls(spec) &&
      moduleCall({
        capability: 'ingress',
        arguments: [
          attr('host', spec.spec.app.ingress.host),
          attr('route53_zone_id', expr('var.route53_zone_id')),
          attr('create_host_record', expr('var.create_host_record')),
          comment(
            'The Ingress tags its load balancer with the attribution tags; these two find it.',
          ),
          attr('load_balancer_tags', {
            'skyforge-component': expr('local.tags["skyforge-component"]'),
            environment: expr('local.tags.environment'),
          }),
        ],
      }),
  ]);
}

function outputsFile(options: {
  spec: StackSpec;
  features: AwsStackFeatures;
}): string {
  const { spec, features } = options;
  return writeHcl([
    terraformOutput({
      name: 'cluster_name',
      description: 'Name of the EKS cluster.',
      value: 'module.cluster.cluster_name',
    }),
    terraformOutput({
      name: 'region',
      description: 'AWS region of this environment.',
      value: 'var.region',
    }),
    terraformOutput({
      name: 'vpc_id',
      description: 'VPC of the cluster.',
      value: 'module.network.vpc_id',
    }),
    terraformOutput({
      name: 'app_role_arn',
      description:
        'IAM role of the application, bound to its ServiceAccount by EKS Pod Identity.',
      value: 'module.cluster.app_role_arn',
    }),
    features.postgres && [
      terraformOutput({
        name: 'database_endpoint',
        description: 'Host name of the PostgreSQL database.',
        value: 'module.database.endpoint',
      }),
      terraformOutput({
        name: 'database_user',
        description: 'IAM-authenticated database user of the application.',
        value: 'module.database.app_user',
      }),
    ],
    features.redis && [
      terraformOutput({
        name: 'cache_endpoint',
        description: 'Primary endpoint of the Redis cache (TLS).',
        value: 'module.cache.endpoint',
      }),
      terraformOutput({
        name: 'cache_user',
        description: 'IAM-authenticated cache user of the application.',
        value: 'module.cache.app_user_name',
      }),
    ],
    features.objectStorage &&
      terraformOutput({
        name: 'bucket_name',
        description: 'Name of the application bucket.',
        value: 'module.storage.bucket_name',
      }),
    features.registry &&
      terraformOutput({
        name: 'registry_url',
        description: 'ECR repository URL for the application image.',
        value: 'module.registry.repository_url',
      }),
    features.monitoring && [
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
    ingressHasTls(spec) && [
      terraformOutput({
        name: 'certificate_arn',
        description:
          'ACM certificate of the Ingress; make k8s-certificate writes it into the overlay.',
        value: 'module.ingress.certificate_arn',
      }),
      terraformOutput({
        name: 'certificate_validation_record',
        description:
          'CNAME that validates the certificate; create it at your DNS provider when route53_zone_id is null.',
        value: 'module.ingress.certificate_validation_record',
      }),
      terraformOutput({
        name: 'load_balancer_dns_name',
        description: `Load balancer of the Ingress: point ${spec.spec.app.ingress.host} at it where Route 53 does not (null before the first deploy).`,
        value: 'module.ingress.load_balancer_dns_name',
      }),
    ],
  ]);
}

function tfvarsEntry(
  variable: RootVariable,
  index: number,
  all: readonly RootVariable[],
): HclBody {
  const opensDataServices =
    variable.name === 'cache_node_type' &&
    !all.some(other => other.name === 'database_instance_class');
  const heading = opensDataServices
    ? TFVARS_SECTIONS.database_instance_class
    : TFVARS_SECTIONS[variable.name];
  return [
    heading !== undefined && [index > 0 && blank(), comment(heading)],
    attr(variable.name, variable.value),
  ];
}

/** The AWS root module of one environment: versions, backend, modules, variables and values. */
export function awsEnvironmentRoot(options: {
  spec: StackSpec;
  environment: Environment;
  features: AwsStackFeatures;
}): FileTree {
  const { spec, environment } = options;
  const folder = awsEnvironmentPath(environment);
  const variables = rootVariables(options);
  const region = resolveEnvironment({ spec, cloud: 'aws', environment }).region;
  return {
    [`${folder}/versions.tf`]: writeHcl([
      awsTerraformSettings(),
      block(
        'provider',
        ['aws'],
        [
          attr('region', expr('var.region')),
          blank(),
          block('default_tags', [], [attr('tags', expr('local.tags'))]),
        ],
      ),
    ]),
    [`${folder}/backend.tf`]: writeHcl([
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
              attr('region', region),
              attr('encrypt', true),
              attr('use_lockfile', true),
            ],
          ),
        ],
      ),
    ]),
    [`${folder}/main.tf`]: mainFile(options),
    [`${folder}/variables.tf`]: writeHcl(
      variables.map(variable =>
        terraformVariable({
          name: variable.name,
          type: variable.type,
          description: variable.description,
          validations: variable.validations,
        }),
      ),
    ),
    [`${folder}/outputs.tf`]: outputsFile(options),
    [`${folder}/terraform.tfvars`]: writeHcl(variables.map(tfvarsEntry)),
  };
}
