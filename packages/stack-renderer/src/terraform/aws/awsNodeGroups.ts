import {
  attr,
  blank,
  block,
  comment,
  data,
  expr,
  resource,
  type HclBody,
  type HclValue,
} from '../../hcl/hcl';
import { POOL_LABEL_KEY } from '../../naming';
import type { PlannedCustomPool } from '../../plan/environmentPlan';
import { TAINT_EFFECTS } from '../../spec/nodePoolSpec';
import { awsManagedPolicyRole } from './awsManagedPolicyRole';
import { AWS_PARTITION } from './awsContextData';
import { eksAddon } from './eksAddon';
import { terraformVariable } from '../common/terraformVariable';

/**
 * AWS managed policies of the managed node groups' role. The VPC CNI's policy sits on the node
 * role (as in EKS's own node role guide): the launch template's hop limit of 1 keeps pods away
 * from the instance metadata service, so only host-network pods (aws-node) can use it.
 */
export const EKS_NODE_GROUP_POLICIES = [
  'AmazonEC2ContainerRegistryPullOnly',
  'AmazonEKSWorkerNodePolicy',
  'AmazonEKS_CNI_Policy',
];

/** The type of `var.node_groups` of the cluster module and of the environment root. */
export const NODE_GROUPS_TYPE = `map(object({
    ami_type        = string
    instance_types  = list(string)
    capacity_type   = string
    min_size        = number
    desired_size    = number
    max_size        = number
    disk_size_gb    = number
    disk_type       = string
    disk_iops       = number
    disk_throughput = number
    labels          = map(string)
    taints = list(object({
      key    = string
      value  = string
      effect = string
    }))
  }))`;

/** Validations of `var.node_groups`, shared by the module and the root. */
export const NODE_GROUPS_VALIDATIONS = [
  {
    condition:
      'alltrue([for group in values(var.node_groups) : group.min_size <= group.desired_size && group.desired_size <= group.max_size])',
    message: 'Every node group needs min_size <= desired_size <= max_size.',
  },
  {
    condition:
      'alltrue([for group in values(var.node_groups) : contains(["ON_DEMAND", "SPOT"], group.capacity_type)])',
    message: 'capacity_type must be ON_DEMAND or SPOT.',
  },
  {
    condition:
      'alltrue(flatten([for group in values(var.node_groups) : [for taint in group.taints : contains(["NO_SCHEDULE", "PREFER_NO_SCHEDULE", "NO_EXECUTE"], taint.effect)]]))',
    message:
      'Taint effects must be NO_SCHEDULE, PREFER_NO_SCHEDULE or NO_EXECUTE.',
  },
];

/** `var.node_groups` of the cluster module. */
export function awsNodeGroupVariables(): HclBody {
  return [
    terraformVariable({
      name: 'node_groups',
      type: NODE_GROUPS_TYPE,
      description:
        'EKS managed node groups (spec.cluster.nodePools), by name: instance types, purchase option, fixed scaling bounds, root volume, labels and taints.',
      validations: NODE_GROUPS_VALIDATIONS,
    }),
  ];
}

function nodeGroupRole(): HclBody {
  return [
    comment(
      [
        'The role of the managed node groups. Auto Mode nodes keep their own, smaller role; these',
        'nodes run the VPC CNI themselves, so theirs carries its policy.',
      ].join('\n'),
    ),
    ...awsManagedPolicyRole({
      name: 'node_group',
      roleSuffix: 'node-group',
      assumePolicyDocument: 'node_assume',
      policiesLocal: 'node_group_policies',
    }),
  ];
}

function launchTemplate(): HclBody {
  return [
    comment(
      [
        "The provider's default_tags (the stack's attribution tags) reach the launch template but not",
        'the instances and volumes launched from it: the tag specifications repeat them.',
      ].join('\n'),
    ),
    data('aws_default_tags', 'this', []),
    comment(
      [
        'The root volume of each group (size, type, IOPS and throughput; encrypted with the account',
        "key for EBS) and IMDSv2 with a hop limit of 1, so pods cannot borrow the node's role.",
      ].join('\n'),
    ),
    resource('aws_launch_template', 'node_group', [
      attr('for_each', expr('var.node_groups')),
      blank(),
      attr('name_prefix', expr('"${var.name}-${each.key}-"')),
      attr('update_default_version', true),
      blank(),
      block(
        'block_device_mappings',
        [],
        [
          attr('device_name', '/dev/xvda'),
          blank(),
          block(
            'ebs',
            [],
            [
              attr('volume_size', expr('each.value.disk_size_gb')),
              attr('volume_type', expr('each.value.disk_type')),
              attr('iops', expr('each.value.disk_iops')),
              attr('throughput', expr('each.value.disk_throughput')),
              attr('encrypted', true),
              attr('delete_on_termination', true),
            ],
          ),
        ],
      ),
      blank(),
      block(
        'metadata_options',
        [],
        [
          attr('http_endpoint', 'enabled'),
          attr('http_tokens', 'required'),
          attr('http_put_response_hop_limit', 1),
        ],
      ),
      blank(),
      block(
        'tag_specifications',
        [],
        [
          attr('resource_type', 'instance'),
          attr(
            'tags',
            expr(
              'merge(data.aws_default_tags.this.tags, var.cluster_tags, { Name = "${var.name}-${each.key}" })',
            ),
          ),
        ],
      ),
      block(
        'tag_specifications',
        [],
        [
          attr('resource_type', 'volume'),
          attr(
            'tags',
            expr('merge(data.aws_default_tags.this.tags, var.cluster_tags)'),
          ),
        ],
      ),
    ]),
  ];
}

function nodeGroup(): HclBody {
  return [
    comment(
      [
        'One managed node group per custom pool, at a fixed desired size: no autoscaler moves it',
        'between min_size and max_size (Auto Mode scales only its own NodePools). The taints keep',
        'every pod without a matching toleration off the group.',
      ].join('\n'),
    ),
    resource('aws_eks_node_group', 'this', [
      attr('for_each', expr('var.node_groups')),
      blank(),
      attr('cluster_name', expr('aws_eks_cluster.this.name')),
      attr('node_group_name', expr('each.key')),
      attr('node_role_arn', expr('aws_iam_role.node_group.arn')),
      attr('subnet_ids', expr('var.subnet_ids')),
      attr('version', expr('aws_eks_cluster.this.version')),
      attr('ami_type', expr('each.value.ami_type')),
      attr('capacity_type', expr('each.value.capacity_type')),
      attr('instance_types', expr('each.value.instance_types')),
      attr(
        'labels',
        expr(`merge(each.value.labels, { "${POOL_LABEL_KEY}" = each.key })`),
      ),
      attr('tags', expr('var.cluster_tags')),
      blank(),
      block(
        'scaling_config',
        [],
        [
          attr('min_size', expr('each.value.min_size')),
          attr('desired_size', expr('each.value.desired_size')),
          attr('max_size', expr('each.value.max_size')),
        ],
      ),
      blank(),
      comment(
        'EKS replaces nodes that fail their health checks (node auto repair).',
      ),
      block('node_repair_config', [], [attr('enabled', true)]),
      block('update_config', [], [attr('max_unavailable', 1)]),
      blank(),
      block(
        'launch_template',
        [],
        [
          attr('id', expr('aws_launch_template.node_group[each.key].id')),
          attr(
            'version',
            expr('aws_launch_template.node_group[each.key].latest_version'),
          ),
        ],
      ),
      blank(),
      block(
        'dynamic',
        ['taint'],
        [
          attr('for_each', expr('each.value.taints')),
          blank(),
          block(
            'content',
            [],
            [
              attr('key', expr('taint.value.key')),
              attr('value', expr('taint.value.value')),
              attr('effect', expr('taint.value.effect')),
            ],
          ),
        ],
      ),
      blank(),
      comment(
        'Nodes join Ready only with the VPC CNI and kube-proxy in place.',
      ),
      attr('depends_on', [
        expr('aws_iam_role_policy_attachment.node_group'),
        expr('aws_eks_addon.vpc_cni'),
        expr('aws_eks_addon.kube_proxy'),
        expr('aws_eks_addon.pod_identity_agent'),
      ]),
    ]),
  ];
}

function ebsCsiRole(): HclBody {
  return [
    resource('aws_iam_role', 'ebs_csi', [
      attr('name', expr('"${var.name}-ebs-csi"')),
      attr(
        'description',
        'The EBS CSI driver add-on (kube-system/ebs-csi-controller-sa): volumes of the managed node groups',
      ),
      attr(
        'assume_role_policy',
        expr('data.aws_iam_policy_document.pod_identity_assume.json'),
      ),
    ]),
    resource('aws_iam_role_policy_attachment', 'ebs_csi', [
      attr('role', expr('aws_iam_role.ebs_csi.name')),
      attr(
        'policy_arn',
        expr(
          `"arn:\${${AWS_PARTITION}}:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"`,
        ),
      ),
    ]),
  ];
}

/**
 * EKS managed node groups beside EKS Auto Mode, for the custom pools of spec.cluster.nodePools:
 * fixed min/desired/max and launch templates with gp3/io2 root volumes, neither of which Auto
 * Mode NodePools offer. Auto Mode runs networking, DNS, kube-proxy, Pod Identity and EBS only on
 * its own nodes, so the add-ons those nodes need are installed here (EKS best practices,
 * "EKS Auto Mode": managed node groups in an Auto Mode cluster need the VPC CNI, CoreDNS and
 * kube-proxy add-ons). Volumes of pods on these nodes come from the EBS CSI driver add-on
 * (provisioner ebs.csi.aws.com): Auto Mode's own driver only serves Auto Mode nodes.
 */
export function awsNodeGroups(): HclBody {
  return [
    nodeGroupRole(),
    launchTemplate(),
    comment(
      'Pod networking of the node groups, with the network policy agent so NetworkPolicies hold there too.',
    ),
    eksAddon({
      id: 'vpc_cni',
      name: 'vpc-cni',
      configurationValues: 'jsonencode({ enableNetworkPolicy = "true" })',
    }),
    eksAddon({ id: 'kube_proxy', name: 'kube-proxy' }),
    comment(
      'Credentials for EKS Pod Identity on the node groups (the application role, the EBS CSI driver).',
    ),
    eksAddon({ id: 'pod_identity_agent', name: 'eks-pod-identity-agent' }),
    nodeGroup(),
    comment(
      'The cluster DNS service (kube-dns) that pods on the node groups resolve names through.',
    ),
    eksAddon({
      id: 'coredns',
      name: 'coredns',
      dependsOn: ['aws_eks_node_group.this'],
    }),
    ebsCsiRole(),
    comment(
      [
        'Volumes for pods on the node groups: the gp3, io2 and gp3-retain StorageClasses of the',
        'overlay use this driver (ebs.csi.aws.com).',
      ].join('\n'),
    ),
    eksAddon({
      id: 'ebs_csi',
      name: 'aws-ebs-csi-driver',
      podIdentity: {
        serviceAccount: 'ebs-csi-controller-sa',
        roleArn: 'aws_iam_role.ebs_csi.arn',
      },
      dependsOn: ['aws_eks_node_group.this'],
    }),
  ];
}

/** Graviton families (m7g, r8g, c6gn, ...) need the arm64 AMI. */
function awsAmiType(instanceTypes: readonly string[]): string {
  return instanceTypes.every(type => /^[a-z]+\d+g[a-z]*\./.test(type))
    ? 'AL2023_ARM_64_STANDARD'
    : 'AL2023_x86_64_STANDARD';
}

/** The terraform.tfvars value of `node_groups`: the plan's custom pools, by name. */
export function awsNodeGroupsValue(
  pools: readonly PlannedCustomPool[],
): HclValue {
  return Object.fromEntries(
    pools.map(pool => [
      pool.name,
      {
        ami_type: awsAmiType(pool.machineTypes),
        instance_types: [...pool.machineTypes],
        capacity_type: pool.spot ? 'SPOT' : 'ON_DEMAND',
        min_size: pool.minNodes,
        desired_size: pool.desiredNodes,
        max_size: pool.maxNodes,
        disk_size_gb: pool.diskGb,
        disk_type: pool.diskType,
        disk_iops: pool.diskIops ?? expr('null'),
        disk_throughput: pool.diskThroughput ?? expr('null'),
        labels: { ...pool.labels },
        taints: pool.taints.map(taint => ({
          key: taint.key,
          value: taint.value,
          effect: TAINT_EFFECTS[taint.effect],
        })),
      },
    ]),
  );
}

function hclList(values: readonly string[]): string {
  return `[${values.map(value => JSON.stringify(value)).join(', ')}]`;
}

/**
 * What `terraform test` checks of the node groups after a mocked apply: the groups hold the
 * planned sizes, the taints reach the groups (so untolerating pods stay off), the root volumes
 * carry the planned type, IOPS and throughput with encryption, pods cannot reach IMDS, and the
 * add-ons the groups' nodes need are installed.
 */
export function awsNodeGroupTestAssertions(
  pools: readonly PlannedCustomPool[],
): Array<{ condition: string; message: string }> {
  if (pools.length === 0) return [];
  const groups = pools.map(pool => {
    const group = `aws_eks_node_group.this["${pool.name}"]`;
    const volume = `aws_launch_template.node_group["${pool.name}"].block_device_mappings[0].ebs[0]`;
    const taints = pool.taints.map(
      taint => `${taint.key}=${taint.value}:${TAINT_EFFECTS[taint.effect]}`,
    );
    return [
      {
        condition: `${group}.scaling_config[0].min_size == ${
          pool.minNodes
        } && ${group}.scaling_config[0].desired_size == ${
          pool.desiredNodes
        } && ${group}.scaling_config[0].max_size == ${
          pool.maxNodes
        } && ${group}.node_repair_config[0].enabled && ${group}.capacity_type == "${
          pool.spot ? 'SPOT' : 'ON_DEMAND'
        }"`,
        message: `The ${pool.name} node group must hold ${pool.desiredNodes} nodes (${pool.minNodes}-${pool.maxNodes}), the count COST.md prices.`,
      },
      {
        condition: `toset([for taint in ${group}.taint : "\${taint.key}=\${taint.value}:\${taint.effect}"]) == toset(${hclList(
          taints,
        )}) && ${group}.labels["${POOL_LABEL_KEY}"] == "${pool.name}"`,
        message: `The ${pool.name} node group must carry exactly its taints (${
          taints.join(', ') || 'none'
        }) and its pool label.`,
      },
      {
        condition: `${volume}.volume_type == "${
          pool.diskType
        }" && ${volume}.volume_size == ${
          pool.diskGb
        } && ${volume}.encrypted == "true" && ${
          pool.diskIops === undefined
            ? `(${volume}.iops == null || ${volume}.iops == 0)`
            : `${volume}.iops == ${pool.diskIops}`
        } && ${
          pool.diskThroughput === undefined
            ? `(${volume}.throughput == null || ${volume}.throughput == 0)`
            : `${volume}.throughput == ${pool.diskThroughput}`
        } && ${group}.launch_template[0].id == aws_launch_template.node_group["${
          pool.name
        }"].id`,
        message: `The ${pool.name} nodes must boot from an encrypted ${pool.diskGb} GB ${pool.diskType} volume with the planned IOPS and throughput.`,
      },
    ];
  });
  return [
    ...groups.flat(),
    {
      condition:
        'alltrue([for template in aws_launch_template.node_group : template.metadata_options[0].http_tokens == "required" && template.metadata_options[0].http_put_response_hop_limit == 1])',
      message:
        "Pods on the node groups must not reach the instance metadata service (and the node role's credentials).",
    },
    {
      condition: `alltrue([for policy in ${hclList(
        EKS_NODE_GROUP_POLICIES,
      )} : contains(keys(aws_iam_role_policy_attachment.node_group), policy)]) && alltrue([for group in aws_eks_node_group.this : group.node_role_arn == aws_iam_role.node_group.arn])`,
      message:
        'The node groups need their own role with the worker, image pull and VPC CNI policies.',
    },
    {
      condition:
        'aws_eks_addon.vpc_cni.addon_name == "vpc-cni" && jsondecode(aws_eks_addon.vpc_cni.configuration_values).enableNetworkPolicy == "true" && aws_eks_addon.kube_proxy.addon_name == "kube-proxy" && aws_eks_addon.coredns.addon_name == "coredns" && aws_eks_addon.pod_identity_agent.addon_name == "eks-pod-identity-agent"',
      message:
        'Nodes outside Auto Mode need the VPC CNI (enforcing NetworkPolicies), kube-proxy, CoreDNS and the Pod Identity agent as add-ons.',
    },
    {
      condition:
        'aws_eks_addon.ebs_csi.addon_name == "aws-ebs-csi-driver" && one(aws_eks_addon.ebs_csi.pod_identity_association).service_account == "ebs-csi-controller-sa" && one(aws_eks_addon.ebs_csi.pod_identity_association).role_arn == aws_iam_role.ebs_csi.arn && endswith(aws_iam_role_policy_attachment.ebs_csi.policy_arn, "service-role/AmazonEBSCSIDriverPolicy")',
      message:
        "Volumes on the node groups need the EBS CSI driver add-on (Auto Mode's driver serves only its own nodes), with its role by Pod Identity.",
    },
  ];
}
