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
  system_instance_types: 'Node groups',
  database_instance_class: 'Data services',
};

const wholeNumber = (name: string): VariableValidation => ({
  condition: `var.${name} >= 0 && floor(var.${name}) == var.${name}`,
  message: `${name} must be a whole number, zero or more.`,
});

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
  const instanceTypes = (pool: string): VariableValidation => ({
    condition: `length(var.${pool}_instance_types) > 0`,
    message: `${pool}_instance_types must name at least one instance type.`,
  });
  const pool = (
    name: 'system' | 'application' | 'gpu',
    title: string,
    withMin: boolean,
  ): RootVariable[] => [
    {
      name: `${name}_instance_types`,
      type: 'list(string)',
      description: `EC2 instance types of the ${title} node group, preferred first.`,
      value: [...preset[name].machineTypes],
      validations: [instanceTypes(name)],
    },
    ...(withMin
      ? [
          {
            name: `${name}_min_size`,
            type: 'number',
            description: `Fewest nodes of the ${title} node group.`,
            value: preset[name].minNodes,
            validations: [wholeNumber(`${name}_min_size`)],
          },
        ]
      : []),
    {
      name: `${name}_max_size`,
      type: 'number',
      description: `Most nodes of the ${title} node group.`,
      value: preset[name].maxNodes,
      validations: [
        withMin
          ? {
              condition: `var.${name}_max_size >= var.${name}_min_size`,
              message: `${name}_max_size must be at least ${name}_min_size.`,
            }
          : wholeNumber(`${name}_max_size`),
      ],
    },
    {
      name: `${name}_disk_size_gb`,
      type: 'number',
      description: `Root volume size of ${title} nodes, in GiB.`,
      value: preset[name].diskGb,
      validations: [
        {
          condition: `var.${name}_disk_size_gb >= 20`,
          message: `${name}_disk_size_gb must be at least 20.`,
        },
      ],
    },
  ];
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
      value: spec.spec.cluster.kubernetesVersion,
      validations: [
        {
          condition: 'can(regex("^1\\\\.[0-9]+$", var.kubernetes_version))',
          message: 'kubernetes_version must be a minor version such as 1.33.',
        },
      ],
    },
    {
      name: 'public_endpoint_cidrs',
      type: 'list(string)',
      description:
        'Networks allowed to reach the public Kubernetes API endpoint; empty keeps it private.',
      value: [...spec.spec.cluster.publicEndpointCidrs],
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
    ...pool('system', 'system', true),
    {
      name: 'application_capacity_type',
      type: 'string',
      description:
        'SPOT (cheaper, interruptible) or ON_DEMAND capacity for application nodes.',
      value: resolved.spot ? 'SPOT' : 'ON_DEMAND',
      validations: [
        {
          condition:
            'contains(["ON_DEMAND", "SPOT"], var.application_capacity_type)',
          message: 'application_capacity_type must be ON_DEMAND or SPOT.',
        },
      ],
    },
    ...pool('application', 'application', true),
    ...(features.gpu
      ? [
          {
            name: 'enable_gpu_pool',
            type: 'bool',
            description: 'Create the GPU node group (scales from zero).',
            value: resolved.gpu,
          },
          ...pool('gpu', 'GPU', false),
        ]
      : []),
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
  const poolArguments = (pool: string, withMin: boolean) => [
    attr(`${pool}_instance_types`, expr(`var.${pool}_instance_types`)),
    withMin && attr(`${pool}_min_size`, expr(`var.${pool}_min_size`)),
    attr(`${pool}_max_size`, expr(`var.${pool}_max_size`)),
    attr(`${pool}_disk_size_gb`, expr(`var.${pool}_disk_size_gb`)),
  ];
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
        attr('vpc_id', expr('module.network.vpc_id')),
        attr('subnet_ids', expr('module.network.private_subnet_ids')),
        attr(
          'control_plane_subnet_ids',
          expr('module.network.intra_subnet_ids'),
        ),
        attr('public_access_cidrs', expr('var.public_endpoint_cidrs')),
        attr('log_retention_days', expr('var.log_retention_days')),
        attr(
          'cluster_admin_role_arns',
          expr(
            'concat([data.aws_iam_role.ci.arn], var.cluster_admin_role_arns)',
          ),
        ),
        attr('tags', expr('local.tags')),
        blank(),
        poolArguments('system', true),
        blank(),
        attr(
          'application_capacity_type',
          expr('var.application_capacity_type'),
        ),
        poolArguments('application', true),
        features.gpu && [
          blank(),
          attr('enable_gpu_pool', expr('var.enable_gpu_pool')),
          poolArguments('gpu', false),
        ],
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
          attr('log_retention_days', expr('var.log_retention_days')),
          features.postgres && attr('database_identifier', expr('local.name')),
        ],
      }),
  ]);
}

function outputsFile(features: AwsStackFeatures): string {
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
      description:
        'VPC of the cluster (the AWS Load Balancer Controller needs it as --aws-vpc-id).',
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
    [`${folder}/outputs.tf`]: outputsFile(options.features),
    [`${folder}/terraform.tfvars`]: writeHcl(variables.map(tfvarsEntry)),
  };
}
