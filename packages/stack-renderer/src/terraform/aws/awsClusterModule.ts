import {
  attr,
  blank,
  block,
  comment,
  data,
  expr,
  resource,
  type HclBody,
} from '../../hcl/hcl';
import type { FileTree } from '../../types';
import {
  AWS_ACCOUNT_ID,
  AWS_PARTITION,
  AWS_REGION,
  awsContextData,
} from './awsContextData';
import { awsModuleFiles } from './awsModuleFiles';
import { awsNodeGroups } from './awsNodeGroups';
import type { AwsStackFeatures } from './awsStackFeatures';
import { kmsKey } from './kmsKey';
import { loadBalancerControllerPolicy } from './loadBalancerControllerPolicy';
import { podIdentityAssumePolicy, podIdentityRole } from './podIdentityRole';
import { policyStatement } from './policyStatement';
import { terraformOutput } from '../common/terraformOutput';
import { terraformVariable } from '../common/terraformVariable';

/** Every control-plane log type; all five are needed to investigate an incident (CKV_AWS_37). */
export const EKS_LOG_TYPES = [
  'api',
  'audit',
  'authenticator',
  'controllerManager',
  'scheduler',
];

function poolVariables(options: {
  pool: string;
  title: string;
  minSize: boolean;
}): HclBody {
  const { pool, title } = options;
  return [
    terraformVariable({
      name: `${pool}_instance_types`,
      type: 'list(string)',
      description: `EC2 instance types of the ${title} node group, preferred first.`,
      validations: [
        {
          condition: `length(var.${pool}_instance_types) > 0`,
          message: `${pool}_instance_types must name at least one instance type.`,
        },
      ],
    }),
    options.minSize &&
      terraformVariable({
        name: `${pool}_min_size`,
        type: 'number',
        description: `Fewest nodes of the ${title} node group.`,
      }),
    terraformVariable({
      name: `${pool}_max_size`,
      type: 'number',
      description: `Most nodes of the ${title} node group (the Cluster Autoscaler's ceiling).`,
    }),
    terraformVariable({
      name: `${pool}_disk_size_gb`,
      type: 'number',
      description: `Root volume size of ${title} nodes, in GiB.`,
    }),
  ];
}

function variables(features: AwsStackFeatures): HclBody {
  return [
    terraformVariable({
      name: 'name',
      type: 'string',
      description: 'Name of the EKS cluster and prefix of its resources.',
    }),
    terraformVariable({
      name: 'kubernetes_version',
      type: 'string',
      description: 'Kubernetes minor version, e.g. 1.33.',
    }),
    terraformVariable({
      name: 'vpc_id',
      type: 'string',
      description: 'VPC of the cluster.',
    }),
    terraformVariable({
      name: 'subnet_ids',
      type: 'list(string)',
      description: 'Private subnets of the nodes, one per zone.',
    }),
    terraformVariable({
      name: 'control_plane_subnet_ids',
      type: 'list(string)',
      description:
        'Subnets without internet access for the control-plane network interfaces.',
    }),
    terraformVariable({
      name: 'public_access_cidrs',
      type: 'list(string)',
      description:
        'CIDR blocks allowed to reach the public API endpoint. Empty keeps the endpoint private-only.',
      default: [],
      validations: [
        {
          condition:
            'alltrue([for cidr in var.public_access_cidrs : !endswith(cidr, "/0")])',
          message:
            'public_access_cidrs must not open the API server to the whole internet.',
        },
      ],
    }),
    terraformVariable({
      name: 'log_retention_days',
      type: 'number',
      description: 'Days to keep control-plane logs.',
    }),
    terraformVariable({
      name: 'cluster_admin_role_arns',
      type: 'list(string)',
      description:
        'IAM roles granted cluster-admin through EKS access entries.',
      default: [],
    }),
    poolVariables({ pool: 'system', title: 'system', minSize: true }),
    poolVariables({ pool: 'application', title: 'application', minSize: true }),
    terraformVariable({
      name: 'application_capacity_type',
      type: 'string',
      description: 'ON_DEMAND or SPOT capacity for the application node group.',
      validations: [
        {
          condition:
            'contains(["ON_DEMAND", "SPOT"], var.application_capacity_type)',
          message: 'application_capacity_type must be ON_DEMAND or SPOT.',
        },
      ],
    }),
    features.gpu && [
      terraformVariable({
        name: 'enable_gpu_pool',
        type: 'bool',
        description: 'Create the GPU node group (it starts at zero nodes).',
        default: false,
      }),
      poolVariables({ pool: 'gpu', title: 'GPU', minSize: false }),
    ],
    terraformVariable({
      name: 'tags',
      type: 'map(string)',
      description:
        'Tags for what the node groups launch (instances, volumes, network interfaces), which provider default_tags do not reach.',
      default: {},
    }),
    terraformVariable({
      name: 'app_namespace',
      type: 'string',
      description: 'Namespace of the application.',
    }),
    terraformVariable({
      name: 'app_service_account',
      type: 'string',
      description:
        'ServiceAccount of the application, bound to its IAM role by EKS Pod Identity.',
    }),
    features.objectStorage && [
      terraformVariable({
        name: 'bucket_arn',
        type: 'string',
        description: 'ARN of the application bucket.',
      }),
      terraformVariable({
        name: 'bucket_kms_key_arn',
        type: 'string',
        description: 'ARN of the KMS key that encrypts the application bucket.',
      }),
    ],
    features.postgres && [
      terraformVariable({
        name: 'database_resource_id',
        type: 'string',
        description: 'Resource ID of the RDS instance (for rds-db:connect).',
      }),
      terraformVariable({
        name: 'database_user',
        type: 'string',
        description:
          'Database user the application signs in as with IAM authentication.',
      }),
    ],
    features.redis && [
      terraformVariable({
        name: 'cache_replication_group_arn',
        type: 'string',
        description: 'ARN of the ElastiCache replication group.',
      }),
      terraformVariable({
        name: 'cache_user_arn',
        type: 'string',
        description:
          'ARN of the IAM-authenticated ElastiCache user of the application.',
      }),
    ],
  ];
}

function clusterResources(): HclBody {
  return [
    kmsKey({
      id: 'cluster',
      description: 'Kubernetes secrets and control-plane logs of ${var.name}',
      alias: '${var.name}-eks',
      cloudwatchLogs: true,
    }),
    comment(
      'EKS writes control-plane logs to this name; creating it first sets retention and KMS encryption.',
    ),
    resource('aws_cloudwatch_log_group', 'cluster', [
      attr('name', expr('"/aws/eks/${var.name}/cluster"')),
      attr('retention_in_days', expr('var.log_retention_days')),
      attr('kms_key_id', expr('aws_kms_key.cluster.arn')),
    ]),
    data('aws_iam_policy_document', 'cluster_assume', [
      policyStatement({
        sid: 'EksControlPlane',
        actions: ['sts:AssumeRole', 'sts:TagSession'],
        principals: [{ type: 'Service', identifiers: ['eks.amazonaws.com'] }],
      }),
    ]),
    resource('aws_iam_role', 'cluster', [
      attr('name', expr('"${var.name}-cluster"')),
      attr(
        'assume_role_policy',
        expr('data.aws_iam_policy_document.cluster_assume.json'),
      ),
    ]),
    resource('aws_iam_role_policy_attachment', 'cluster', [
      attr('role', expr('aws_iam_role.cluster.name')),
      attr(
        'policy_arn',
        expr(
          `"arn:\${${AWS_PARTITION}}:iam::aws:policy/AmazonEKSClusterPolicy"`,
        ),
      ),
    ]),
    data('aws_iam_policy_document', 'cluster_encryption', [
      policyStatement({
        sid: 'EnvelopeEncryption',
        actions: [
          'kms:Decrypt',
          'kms:DescribeKey',
          'kms:Encrypt',
          'kms:ListGrants',
        ],
        resources: [expr('aws_kms_key.cluster.arn')],
      }),
    ]),
    resource('aws_iam_role_policy', 'cluster_encryption', [
      attr('name', 'secrets-encryption'),
      attr('role', expr('aws_iam_role.cluster.id')),
      attr(
        'policy',
        expr('data.aws_iam_policy_document.cluster_encryption.json'),
      ),
    ]),
    resource('aws_eks_cluster', 'this', [
      attr('name', expr('var.name')),
      attr('version', expr('var.kubernetes_version')),
      attr('role_arn', expr('aws_iam_role.cluster.arn')),
      attr('enabled_cluster_log_types', EKS_LOG_TYPES),
      blank(),
      comment(
        'Networking, DNS and kube-proxy come as managed add-ons below, not as unmanaged manifests.',
      ),
      attr('bootstrap_self_managed_addons', false),
      blank(),
      comment(
        [
          'Access entries only (no aws-auth ConfigMap), and the identity that creates the cluster gets no',
          'implicit admin: every admin is listed in cluster_admin_role_arns.',
        ].join('\n'),
      ),
      block(
        'access_config',
        [],
        [
          attr('authentication_mode', 'API'),
          attr('bootstrap_cluster_creator_admin_permissions', false),
        ],
      ),
      blank(),
      comment(
        [
          'The API server is reachable from inside the VPC. A public endpoint exists only when',
          'public_access_cidrs lists networks, and then only for those networks.',
        ].join('\n'),
      ),
      block(
        'vpc_config',
        [],
        [
          attr('subnet_ids', expr('var.control_plane_subnet_ids')),
          attr('endpoint_private_access', true),
          attr(
            'endpoint_public_access',
            expr('length(var.public_access_cidrs) > 0'),
          ),
          attr(
            'public_access_cidrs',
            expr(
              'length(var.public_access_cidrs) > 0 ? var.public_access_cidrs : null',
            ),
          ),
        ],
      ),
      blank(),
      comment(
        'Envelope encryption of Kubernetes secrets with a customer managed key.',
      ),
      block(
        'encryption_config',
        [],
        [
          attr('resources', ['secrets']),
          blank(),
          block(
            'provider',
            [],
            [attr('key_arn', expr('aws_kms_key.cluster.arn'))],
          ),
        ],
      ),
      blank(),
      comment(
        [
          "STANDARD support ends with the version's standard support window; upgrade instead of paying",
          'for extended support.',
        ].join('\n'),
      ),
      block('upgrade_policy', [], [attr('support_type', 'STANDARD')]),
      blank(),
      comment(
        [
          'aws_eks_cluster has no deletion_protection argument in provider 5.100 (it arrived in 6.x);',
          'production data lives in RDS and S3, which are protected.',
        ].join('\n'),
      ),
      attr('depends_on', [
        expr('aws_cloudwatch_log_group.cluster'),
        expr('aws_iam_role_policy_attachment.cluster'),
        expr('aws_iam_role_policy.cluster_encryption'),
      ]),
    ]),
    comment(
      'Cluster administrators, by IAM role (for example the CI role that deploys the application).',
    ),
    resource('aws_eks_access_entry', 'admin', [
      attr('for_each', expr('toset(var.cluster_admin_role_arns)')),
      blank(),
      attr('cluster_name', expr('aws_eks_cluster.this.name')),
      attr('principal_arn', expr('each.value')),
      attr('type', 'STANDARD'),
    ]),
    resource('aws_eks_access_policy_association', 'admin', [
      attr('for_each', expr('aws_eks_access_entry.admin')),
      blank(),
      attr('cluster_name', expr('aws_eks_cluster.this.name')),
      attr('principal_arn', expr('each.value.principal_arn')),
      attr(
        'policy_arn',
        expr(
          `"arn:\${${AWS_PARTITION}}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"`,
        ),
      ),
      blank(),
      block('access_scope', [], [attr('type', 'cluster')]),
    ]),
  ];
}

function addons(): HclBody {
  return [
    block(
      'locals',
      [],
      [
        comment(
          [
            'Add-ons that nodes need to join and run pods; created before the node groups. The others',
            'run as Deployments and need nodes, so they follow the node groups.',
          ].join('\n'),
        ),
        attr('addons_before_compute', [
          'eks-pod-identity-agent',
          'kube-proxy',
          'vpc-cni',
        ]),
        attr('addons_after_compute', ['aws-ebs-csi-driver', 'coredns']),
        blank(),
        comment(
          'The VPC CNI enforces Kubernetes NetworkPolicy objects only when asked to; the manifests rely on it.',
        ),
        attr('addon_configuration', {
          'vpc-cni': expr('jsonencode({ enableNetworkPolicy = "true" })'),
        }),
      ],
    ),
    ['before_compute', 'after_compute'].map(stage =>
      resource('aws_eks_addon', stage, [
        attr('for_each', expr(`toset(local.addons_${stage})`)),
        blank(),
        attr('cluster_name', expr('aws_eks_cluster.this.name')),
        attr('addon_name', expr('each.value')),
        attr(
          'configuration_values',
          expr('lookup(local.addon_configuration, each.value, null)'),
        ),
        attr('resolve_conflicts_on_create', 'OVERWRITE'),
        attr('resolve_conflicts_on_update', 'OVERWRITE'),
        stage === 'after_compute' && [
          blank(),
          attr('depends_on', [
            expr('aws_eks_node_group.system'),
            expr('aws_eks_node_group.application'),
            expr('aws_eks_pod_identity_association.ebs_csi_driver'),
          ]),
        ],
      ]),
    ),
  ];
}

function appPolicy(features: AwsStackFeatures): HclBody {
  if (!features.objectStorage && !features.postgres && !features.redis)
    return [];
  return [
    data('aws_iam_policy_document', 'app', [
      features.objectStorage && [
        policyStatement({
          sid: 'ListBucket',
          actions: ['s3:ListBucket'],
          resources: [expr('var.bucket_arn')],
        }),
        policyStatement({
          sid: 'ReadWriteObjects',
          actions: ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'],
          resources: [expr('"${var.bucket_arn}/*"')],
        }),
        policyStatement({
          sid: 'UseBucketKey',
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: [expr('var.bucket_kms_key_arn')],
        }),
      ],
      features.postgres &&
        policyStatement({
          sid: 'ConnectToDatabase',
          actions: ['rds-db:connect'],
          resources: [
            expr(
              `"arn:\${${AWS_PARTITION}}:rds-db:\${${AWS_REGION}}:\${${AWS_ACCOUNT_ID}}:dbuser:\${var.database_resource_id}/\${var.database_user}"`,
            ),
          ],
        }),
      features.redis &&
        policyStatement({
          sid: 'ConnectToCache',
          actions: ['elasticache:Connect'],
          resources: [
            expr('var.cache_replication_group_arn'),
            expr('var.cache_user_arn'),
          ],
        }),
    ]),
  ];
}

function podIdentities(features: AwsStackFeatures): HclBody {
  const hasAppPolicy =
    features.objectStorage || features.postgres || features.redis;
  return [
    podIdentityAssumePolicy(),
    data('aws_iam_policy_document', 'cluster_autoscaler', [
      policyStatement({
        sid: 'Discover',
        actions: [
          'autoscaling:DescribeAutoScalingGroups',
          'autoscaling:DescribeAutoScalingInstances',
          'autoscaling:DescribeLaunchConfigurations',
          'autoscaling:DescribeScalingActivities',
          'autoscaling:DescribeTags',
          'ec2:DescribeImages',
          'ec2:DescribeInstanceTypes',
          'ec2:DescribeLaunchTemplateVersions',
          'ec2:GetInstanceTypesFromInstanceRequirements',
          'eks:DescribeNodegroup',
        ],
        resources: ['*'],
      }),
      comment(
        "Scaling only the Auto Scaling groups of this cluster's node groups.",
      ),
      policyStatement({
        sid: 'ScaleOwnNodeGroups',
        actions: [
          'autoscaling:SetDesiredCapacity',
          'autoscaling:TerminateInstanceInAutoScalingGroup',
        ],
        resources: ['*'],
        conditions: [
          {
            test: 'StringEquals',
            variable: expr(
              '"aws:ResourceTag/k8s.io/cluster-autoscaler/${var.name}"',
            ),
            values: ['owned'],
          },
        ],
      }),
    ]),
    podIdentityRole({
      id: 'cluster_autoscaler',
      roleSuffix: 'cluster-autoscaler',
      description: 'Cluster Autoscaler (kube-system/cluster-autoscaler)',
      clusterName: 'aws_eks_cluster.this.name',
      namespace: 'kube-system',
      serviceAccount: 'cluster-autoscaler',
      policyDocument: 'cluster_autoscaler',
    }),
    loadBalancerControllerPolicy(),
    comment(
      [
        'The controller itself is installed with Helm, outside Terraform. With the metadata hop limit',
        'of 1 it cannot discover its VPC, so pass --aws-vpc-id and --aws-region (outputs vpc_id, region).',
      ].join('\n'),
    ),
    podIdentityRole({
      id: 'load_balancer_controller',
      roleSuffix: 'lb-controller',
      description:
        'AWS Load Balancer Controller (kube-system/aws-load-balancer-controller)',
      clusterName: 'aws_eks_cluster.this.name',
      namespace: 'kube-system',
      serviceAccount: 'aws-load-balancer-controller',
      policyDocument: 'load_balancer_controller',
    }),
    podIdentityRole({
      id: 'ebs_csi_driver',
      roleSuffix: 'ebs-csi-driver',
      description:
        'EBS CSI driver controller (kube-system/ebs-csi-controller-sa)',
      clusterName: 'aws_eks_cluster.this.name',
      namespace: 'kube-system',
      serviceAccount: 'ebs-csi-controller-sa',
      managedPolicy: 'service-role/AmazonEBSCSIDriverPolicy',
    }),
    appPolicy(features),
    comment(
      "The application's role: only its own bucket, database user and cache user, whichever exist.",
    ),
    podIdentityRole({
      id: 'app',
      roleSuffix: 'app',
      description:
        'The application (namespace and ServiceAccount named after the stack)',
      clusterName: 'aws_eks_cluster.this.name',
      namespace: expr('var.app_namespace'),
      serviceAccount: expr('var.app_service_account'),
      policyDocument: hasAppPolicy ? 'app' : undefined,
    }),
  ];
}

const outputs = [
  terraformOutput({
    name: 'cluster_name',
    description: 'Name of the EKS cluster.',
    value: 'aws_eks_cluster.this.name',
  }),
  terraformOutput({
    name: 'cluster_arn',
    description: 'ARN of the EKS cluster.',
    value: 'aws_eks_cluster.this.arn',
  }),
  terraformOutput({
    name: 'cluster_endpoint',
    description: 'URL of the Kubernetes API server.',
    value: 'aws_eks_cluster.this.endpoint',
  }),
  terraformOutput({
    name: 'cluster_certificate_authority',
    description: 'Base64 CA certificate of the API server.',
    value: 'aws_eks_cluster.this.certificate_authority[0].data',
  }),
  terraformOutput({
    name: 'node_security_group_id',
    description:
      'Security group EKS attaches to the control plane and the managed nodes.',
    value: 'aws_eks_cluster.this.vpc_config[0].cluster_security_group_id',
  }),
  terraformOutput({
    name: 'node_role_arn',
    description: 'IAM role of the nodes.',
    value: 'aws_iam_role.node.arn',
  }),
  terraformOutput({
    name: 'app_role_arn',
    description:
      'IAM role of the application, bound to its ServiceAccount by EKS Pod Identity.',
    value: 'aws_iam_role.app.arn',
  }),
];

/** The AWS cluster module: EKS with managed add-ons, node groups and Pod Identity roles. */
export function awsClusterModule(features: AwsStackFeatures): FileTree {
  return awsModuleFiles({
    capability: 'cluster',
    variables: variables(features),
    main: [
      awsContextData(),
      clusterResources(),
      addons(),
      awsNodeGroups({ gpu: features.gpu }),
      podIdentities(features),
    ],
    outputs,
  });
}
