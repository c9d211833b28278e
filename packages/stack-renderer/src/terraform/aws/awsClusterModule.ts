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
import { AWS_NODE_DISCOVERY_TAG } from '../../naming';
import type { FileTree } from '../../types';
import { awsManagedPolicyRole } from './awsManagedPolicyRole';
import { AWS_PARTITION, AWS_REGION, awsContextData } from './awsContextData';
import { moduleFiles } from '../common/moduleFiles';
import type { AwsAppAccess } from './awsService';
import { eksAddon } from './eksAddon';
import {
  EKS_NODE_GROUP_POLICIES,
  awsNodeGroupVariables,
  awsNodeGroups,
} from './awsNodeGroups';
import { kmsKey } from './kmsKey';
import { podIdentityAssumePolicy, podIdentityRole } from './podIdentityRole';
import {
  awsHealthReader,
  awsHealthReaderOutputs,
  awsHealthReaderVariables,
} from './awsHealthReader';
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

/**
 * AWS managed policies of the cluster role. The last four let EKS Auto Mode run compute (its
 * managed Karpenter), EBS volumes, load balancers and pod networking on the cluster's behalf.
 */
export const EKS_AUTO_MODE_CLUSTER_POLICIES = [
  'AmazonEKSClusterPolicy',
  'AmazonEKSComputePolicy',
  'AmazonEKSBlockStoragePolicy',
  'AmazonEKSLoadBalancingPolicy',
  'AmazonEKSNetworkingPolicy',
];

/** AWS managed policies of the node role Auto Mode launches instances with. */
export const EKS_AUTO_MODE_NODE_POLICIES = [
  'AmazonEC2ContainerRegistryPullOnly',
  'AmazonEKSWorkerNodeMinimalPolicy',
];

function variables(
  appAccess: readonly AwsAppAccess[],
  nodeGroups: boolean,
): HclBody {
  return [
    terraformVariable({
      name: 'name',
      type: 'string',
      description: 'Name of the EKS cluster and prefix of its resources.',
    }),
    terraformVariable({
      name: 'kubernetes_version',
      type: 'string',
      description:
        'Kubernetes minor version, e.g. 1.36; Skyforge checks it against the EKS release calendar.',
    }),
    terraformVariable({
      name: 'support_type',
      type: 'string',
      description:
        'STANDARD: EKS upgrades the control plane when standard support ends. EXTENDED: it stays on the version for 12 more months at $0.60 instead of $0.10 per cluster-hour.',
      validations: [
        {
          condition: 'contains(["STANDARD", "EXTENDED"], var.support_type)',
          message: 'support_type must be STANDARD or EXTENDED.',
        },
      ],
    }),
    terraformVariable({
      name: 'subnet_ids',
      type: 'list(string)',
      description:
        'Private subnets, one per zone, for the control-plane network interfaces and the nodes.',
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
    terraformVariable({
      name: 'cluster_tags',
      type: 'map(string)',
      description:
        'Cost attribution tags of the control plane (skyforge-capability, kubernetes-cluster); the node classes in deploy/platform put the same on the nodes.',
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
    appAccess.map(access => access.variables),
    nodeGroups && awsNodeGroupVariables(),
    awsHealthReaderVariables,
  ];
}

/** `${aws:PrincipalTag/eks:eks-cluster-name}`: EKS tags its sessions with the cluster name. */
const OWN_CLUSTER = {
  test: 'StringEquals',
  variable: 'aws:RequestTag/eks:eks-cluster-name',
  values: ['${aws:PrincipalTag/eks:eks-cluster-name}'],
};

/**
 * What Auto Mode needs, beyond its managed policies, to put the cost-attribution tags of the node
 * class and the Ingress on the instances, volumes, interfaces and load balancers it creates; each
 * statement only for resources it creates for this cluster (EKS User Guide, "Custom AWS tags for
 * EKS Auto resources").
 */
function tagPropagationPolicy(): HclBody {
  return [
    comment(
      [
        'Auto Mode may put the attribution tags of the node classes and the Ingress on the instances,',
        'volumes, interfaces and load balancers it creates, and only on those of this cluster: EKS tags',
        'its own session with the cluster name (EKS User Guide, "Custom AWS tags for EKS Auto resources").',
      ].join('\n'),
    ),
    data('aws_iam_policy_document', 'cluster_tagging', [
      policyStatement({
        sid: 'Compute',
        actions: [
          'ec2:CreateFleet',
          'ec2:CreateLaunchTemplate',
          'ec2:RunInstances',
        ],
        resources: ['*'],
        conditions: [
          OWN_CLUSTER,
          {
            test: 'StringLike',
            variable: 'aws:RequestTag/eks:kubernetes-node-class-name',
            values: ['*'],
          },
          {
            test: 'StringLike',
            variable: 'aws:RequestTag/eks:kubernetes-node-pool-name',
            values: ['*'],
          },
        ],
      }),
      policyStatement({
        sid: 'Storage',
        actions: ['ec2:CreateSnapshot', 'ec2:CreateVolume'],
        resources: [
          expr(`"arn:\${${AWS_PARTITION}}:ec2:\${${AWS_REGION}}:*:volume/*"`),
          expr(`"arn:\${${AWS_PARTITION}}:ec2:\${${AWS_REGION}}:*:snapshot/*"`),
        ],
        conditions: [OWN_CLUSTER],
      }),
      policyStatement({
        sid: 'Networking',
        actions: ['ec2:CreateNetworkInterface'],
        resources: ['*'],
        conditions: [
          OWN_CLUSTER,
          {
            test: 'StringLike',
            variable: 'aws:RequestTag/eks:kubernetes-cni-node-name',
            values: ['*'],
          },
        ],
      }),
      policyStatement({
        sid: 'LoadBalancing',
        actions: [
          'ec2:CreateSecurityGroup',
          'elasticloadbalancing:CreateListener',
          'elasticloadbalancing:CreateLoadBalancer',
          'elasticloadbalancing:CreateRule',
          'elasticloadbalancing:CreateTargetGroup',
        ],
        resources: ['*'],
        conditions: [OWN_CLUSTER],
      }),
    ]),
    resource('aws_iam_role_policy', 'cluster_tagging', [
      attr('name', 'attribution-tags'),
      attr('role', expr('aws_iam_role.cluster.id')),
      attr('policy', expr('data.aws_iam_policy_document.cluster_tagging.json')),
    ]),
  ];
}

function clusterRole(): HclBody {
  return [
    data('aws_iam_policy_document', 'cluster_assume', [
      policyStatement({
        sid: 'EksControlPlane',
        actions: ['sts:AssumeRole', 'sts:TagSession'],
        principals: [{ type: 'Service', identifiers: ['eks.amazonaws.com'] }],
      }),
    ]),
    ...awsManagedPolicyRole({
      name: 'cluster',
      roleSuffix: 'cluster',
      assumePolicyDocument: 'cluster_assume',
      policiesLocal: 'cluster_policies',
    }),
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
    tagPropagationPolicy(),
  ];
}

function nodeRole(): HclBody {
  return [
    comment(
      [
        'The role of the instances Auto Mode launches. It only pulls images and joins the cluster:',
        'workloads get their own credentials from EKS Pod Identity, never from the node.',
      ].join('\n'),
    ),
    data('aws_iam_policy_document', 'node_assume', [
      policyStatement({
        sid: 'Ec2Nodes',
        actions: ['sts:AssumeRole'],
        principals: [{ type: 'Service', identifiers: ['ec2.amazonaws.com'] }],
      }),
    ]),
    ...awsManagedPolicyRole({
      name: 'node',
      roleSuffix: 'node',
      assumePolicyDocument: 'node_assume',
      policiesLocal: 'node_policies',
    }),
  ];
}

function cluster(nodeGroups: boolean): HclBody {
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
    block(
      'locals',
      [],
      [
        attr('cluster_policies', EKS_AUTO_MODE_CLUSTER_POLICIES),
        attr('node_policies', EKS_AUTO_MODE_NODE_POLICIES),
        nodeGroups && attr('node_group_policies', EKS_NODE_GROUP_POLICIES),
      ],
    ),
    clusterRole(),
    nodeRole(),
    resource('aws_eks_cluster', 'this', [
      attr('name', expr('var.name')),
      attr('tags', expr('var.cluster_tags')),
      attr('version', expr('var.kubernetes_version')),
      attr('role_arn', expr('aws_iam_role.cluster.arn')),
      attr('enabled_cluster_log_types', EKS_LOG_TYPES),
      blank(),
      comment(
        'Auto Mode runs networking, DNS, kube-proxy and the Pod Identity agent on its nodes itself.',
      ),
      attr('bootstrap_self_managed_addons', false),
      blank(),
      comment(
        [
          'EKS Auto Mode: AWS runs Karpenter (node autoscaling), the load balancer controller, the EBS',
          'CSI driver and the NVIDIA device plugin and drivers, and patches the nodes. The built-in',
          'general-purpose pool gives the add-ons below somewhere to run on the first apply; the',
          'application and GPU pools are NodePools in deploy/platform (make k8s-apply).',
        ].join('\n'),
      ),
      block(
        'compute_config',
        [],
        [
          attr('enabled', true),
          attr('node_pools', ['general-purpose']),
          attr('node_role_arn', expr('aws_iam_role.node.arn')),
        ],
      ),
      block(
        'kubernetes_network_config',
        [],
        [block('elastic_load_balancing', [], [attr('enabled', true)])],
      ),
      block(
        'storage_config',
        [],
        [block('block_storage', [], [attr('enabled', true)])],
      ),
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
          attr('subnet_ids', expr('var.subnet_ids')),
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
          'Agrees with the version: Skyforge only renders a version that is in standard support as of',
          'its release (or in extended support when the stack opts in). With STANDARD, EKS upgrades',
          'the control plane when standard support ends; re-render with a newer version before then.',
        ].join('\n'),
      ),
      block(
        'upgrade_policy',
        [],
        [attr('support_type', expr('var.support_type'))],
      ),
      blank(),
      comment(
        [
          'aws_eks_cluster has no deletion_protection argument in provider 5.100 (it arrived in 6.x),',
          'as docs/architecture.md says; the data lives in RDS (deletion protection in prod) and S3.',
        ].join('\n'),
      ),
      attr('depends_on', [
        expr('aws_cloudwatch_log_group.cluster'),
        expr('aws_iam_role_policy_attachment.cluster'),
        expr('aws_iam_role_policy_attachment.node'),
        expr('aws_iam_role_policy.cluster_encryption'),
      ]),
    ]),
    comment(
      [
        'Lets the Skyforge node class (deploy/platform) find the cluster security group, which the',
        'control plane, the nodes and the managed Prometheus collector share.',
      ].join('\n'),
    ),
    resource('aws_ec2_tag', 'node_discovery', [
      attr(
        'resource_id',
        expr('aws_eks_cluster.this.vpc_config[0].cluster_security_group_id'),
      ),
      attr('key', AWS_NODE_DISCOVERY_TAG),
      attr('value', expr('aws_eks_cluster.this.name')),
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
    comment(
      [
        'The resource metrics API that the HorizontalPodAutoscaler reads; EKS does not install it by',
        'default (EKS User Guide, "View resource usage with the Kubernetes Metrics Server").',
      ].join('\n'),
    ),
    eksAddon({ id: 'metrics_server', name: 'metrics-server' }),
  ];
}

function appPolicy(appAccess: readonly AwsAppAccess[]): HclBody {
  if (appAccess.length === 0) return [];
  return [
    data(
      'aws_iam_policy_document',
      'app',
      appAccess.map(access => access.statements),
    ),
  ];
}

function appIdentity(appAccess: readonly AwsAppAccess[]): HclBody {
  return [
    podIdentityAssumePolicy(),
    appPolicy(appAccess),
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
      policyDocument: appAccess.length > 0 ? 'app' : undefined,
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
    name: 'kubernetes_version',
    description: 'Kubernetes minor version of the control plane.',
    value: 'aws_eks_cluster.this.version',
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
      'Security group EKS attaches to the control plane and the Auto Mode nodes.',
    value: 'aws_eks_cluster.this.vpc_config[0].cluster_security_group_id',
  }),
  terraformOutput({
    name: 'node_role_arn',
    description:
      'IAM role of the Auto Mode nodes (the node class in deploy/platform names it).',
    value: 'aws_iam_role.node.arn',
  }),
  terraformOutput({
    name: 'app_role_arn',
    description:
      'IAM role of the application, bound to its ServiceAccount by EKS Pod Identity.',
    value: 'aws_iam_role.app.arn',
  }),
];

/**
 * The AWS cluster module: an EKS Auto Mode cluster (managed compute, load balancing and block
 * storage), its node role, metrics-server and the application's Pod Identity role.
 */
export function awsClusterModule(options: {
  /** What the application's role may use, in policy order. */
  appAccess: readonly AwsAppAccess[];
  /** Render EKS managed node groups for the stack's custom pools (spec.cluster.nodePools). */
  nodeGroups?: boolean;
}): FileTree {
  const nodeGroups = options.nodeGroups ?? false;
  return moduleFiles({
    cloud: 'aws',
    capability: 'cluster',
    variables: variables(options.appAccess, nodeGroups),
    main: [
      awsContextData(),
      cluster(nodeGroups),
      appIdentity(options.appAccess),
      nodeGroups && awsNodeGroups(),
      awsHealthReader(),
    ],
    outputs: [outputs, awsHealthReaderOutputs],
  });
}
