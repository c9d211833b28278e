import {
  attr,
  blank,
  block,
  comment,
  data,
  expr,
  resource,
  templateKey,
  type HclBody,
  type HclValue,
} from '../../hcl/hcl';
import { GPU_NODE_LABEL, GPU_NODE_TAINT, POOL_LABEL_KEY } from '../../naming';
import { AWS_PARTITION } from './awsContextData';
import { policyStatement } from './policyStatement';

/** The node pools of a cluster; `gpu` exists only when an environment asks for GPUs. */
export type AwsNodePool = 'system' | 'application' | 'gpu';

/** Kubernetes taint effects as the EKS API spells them. */
const EKS_TAINT_EFFECTS: Record<string, string> = {
  NoSchedule: 'NO_SCHEDULE',
  NoExecute: 'NO_EXECUTE',
  PreferNoSchedule: 'PREFER_NO_SCHEDULE',
};

interface NodePoolOptions {
  pool: AwsNodePool;
  amiType: string;
  capacityType: HclValue;
  minSize: HclValue;
  desiredSize: HclValue;
  taint?: { key: string; value: string; effect: string };
  /** Set for optional pools: `count = var.enable_gpu_pool ? 1 : 0`. */
  count?: string;
  comments: string;
}

function launchTemplate(options: NodePoolOptions): HclBody {
  const { pool } = options;
  const tags = expr(`merge(var.tags, { Name = "\${var.name}-${pool}" })`);
  return [
    resource('aws_launch_template', pool, [
      attr('count', options.count ? expr(options.count) : undefined),
      options.count !== undefined && blank(),
      attr('name_prefix', expr(`"\${var.name}-${pool}-"`)),
      attr('description', expr(`"${pool} nodes of \${var.name}"`)),
      attr('update_default_version', true),
      blank(),
      comment(
        [
          'IMDSv2 only, with a hop limit of 1 so that pods cannot reach the node role through the',
          'instance metadata service; workloads get credentials from EKS Pod Identity instead.',
        ].join('\n'),
      ),
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
        'block_device_mappings',
        [],
        [
          attr('device_name', '/dev/xvda'),
          blank(),
          block(
            'ebs',
            [],
            [
              attr('volume_size', expr(`var.${pool}_disk_size_gb`)),
              attr('volume_type', 'gp3'),
              attr('encrypted', true),
              attr('delete_on_termination', true),
            ],
          ),
        ],
      ),
      blank(),
      comment(
        'Provider default_tags do not reach what the node group launches; these carry the cost tags there.',
      ),
      ['instance', 'volume', 'network-interface'].map(resourceType =>
        block(
          'tag_specifications',
          [],
          [attr('resource_type', resourceType), attr('tags', tags)],
        ),
      ),
    ]),
  ];
}

function nodeGroup(options: NodePoolOptions): HclBody {
  const { pool } = options;
  const index = options.count ? '[0]' : '';
  return [
    comment(options.comments),
    resource('aws_eks_node_group', pool, [
      attr('count', options.count ? expr(options.count) : undefined),
      options.count !== undefined && blank(),
      attr('cluster_name', expr('aws_eks_cluster.this.name')),
      attr('node_group_name', pool),
      attr('node_role_arn', expr('aws_iam_role.node.arn')),
      attr('subnet_ids', expr('var.subnet_ids')),
      attr('version', expr('aws_eks_cluster.this.version')),
      blank(),
      attr('ami_type', options.amiType),
      attr('capacity_type', options.capacityType),
      attr('instance_types', expr(`var.${pool}_instance_types`)),
      blank(),
      block(
        'launch_template',
        [],
        [
          attr('id', expr(`aws_launch_template.${pool}${index}.id`)),
          attr(
            'version',
            expr(`aws_launch_template.${pool}${index}.latest_version`),
          ),
        ],
      ),
      blank(),
      block(
        'scaling_config',
        [],
        [
          attr('min_size', options.minSize),
          attr('max_size', expr(`var.${pool}_max_size`)),
          attr('desired_size', options.desiredSize),
        ],
      ),
      blank(),
      block('update_config', [], [attr('max_unavailable_percentage', 33)]),
      blank(),
      comment(
        'EKS replaces nodes that report unhealthy instead of leaving them cordoned.',
      ),
      block('node_repair_config', [], [attr('enabled', true)]),
      blank(),
      attr('labels', { [POOL_LABEL_KEY]: pool }),
      options.taint &&
        block(
          'taint',
          [],
          [
            attr('key', options.taint.key),
            attr('value', options.taint.value),
            attr('effect', EKS_TAINT_EFFECTS[options.taint.effect]),
          ],
        ),
      blank(),
      comment(
        'Cluster Autoscaler auto-discovery (EKS also puts these on the Auto Scaling group it creates).',
      ),
      attr('tags', {
        'k8s.io/cluster-autoscaler/enabled': 'true',
        [templateKey('k8s.io/cluster-autoscaler/${var.name}')]: 'owned',
      }),
      blank(),
      block(
        'lifecycle',
        [],
        [
          comment(
            'The Cluster Autoscaler owns the node count once the group exists.',
          ),
          attr('ignore_changes', [expr('scaling_config[0].desired_size')]),
        ],
      ),
      blank(),
      attr('depends_on', [
        expr('aws_iam_role_policy_attachment.node'),
        expr('aws_eks_addon.before_compute'),
      ]),
    ]),
  ];
}

/** Managed policies of the node role; no pod uses it, because the metadata hop limit hides it. */
const NODE_POLICIES = [
  'AmazonEC2ContainerRegistryPullOnly',
  'AmazonEKSWorkerNodePolicy',
  'AmazonEKS_CNI_Policy',
  'AmazonSSMManagedInstanceCore',
];

/**
 * The node role, and one launch template plus managed node group per pool: `system` (on-demand,
 * tainted for critical add-ons), `application` (spot or on-demand per environment) and, when
 * `gpu`, a GPU pool that scales from zero.
 */
export function awsNodeGroups(options: { gpu: boolean }): HclBody {
  const pools: NodePoolOptions[] = [
    {
      pool: 'system',
      amiType: 'AL2023_x86_64_STANDARD',
      capacityType: 'ON_DEMAND',
      minSize: expr('var.system_min_size'),
      desiredSize: expr('var.system_min_size'),
      taint: { key: 'CriticalAddonsOnly', value: 'true', effect: 'NoSchedule' },
      comments: [
        'Cluster add-ons (CoreDNS, controllers) on on-demand capacity; the taint keeps application',
        'pods off it so a noisy workload cannot starve DNS.',
      ].join('\n'),
    },
    {
      pool: 'application',
      amiType: 'AL2023_x86_64_STANDARD',
      capacityType: expr('var.application_capacity_type'),
      minSize: expr('var.application_min_size'),
      desiredSize: expr('var.application_min_size'),
      comments: [
        'Application pods. Several instance types of the same size widen the spot pools the group',
        'can draw from, which makes spot interruptions rarer.',
      ].join('\n'),
    },
    ...(options.gpu
      ? [
          {
            pool: 'gpu' as const,
            amiType: 'AL2023_x86_64_NVIDIA',
            capacityType: 'ON_DEMAND',
            minSize: 0,
            desiredSize: 0,
            taint: GPU_NODE_TAINT,
            count: 'var.enable_gpu_pool ? 1 : 0',
            comments: [
              'GPU nodes (AL2023 NVIDIA AMI: driver and container toolkit preinstalled). Starts at zero',
              'nodes and only scales up for pods that tolerate the nvidia.com/gpu taint.',
            ].join('\n'),
          },
        ]
      : []),
  ];
  return [
    data('aws_iam_policy_document', 'node_assume', [
      policyStatement({
        sid: 'Ec2Nodes',
        actions: ['sts:AssumeRole'],
        principals: [{ type: 'Service', identifiers: ['ec2.amazonaws.com'] }],
      }),
    ]),
    resource('aws_iam_role', 'node', [
      attr('name', expr('"${var.name}-node"')),
      attr(
        'assume_role_policy',
        expr('data.aws_iam_policy_document.node_assume.json'),
      ),
    ]),
    block(
      'locals',
      [],
      [
        comment(
          'SSM Session Manager replaces SSH: nodes open no inbound port.',
        ),
        attr('node_policies', NODE_POLICIES),
      ],
    ),
    resource('aws_iam_role_policy_attachment', 'node', [
      attr('for_each', expr('toset(local.node_policies)')),
      blank(),
      attr('role', expr('aws_iam_role.node.name')),
      attr(
        'policy_arn',
        expr(`"arn:\${${AWS_PARTITION}}:iam::aws:policy/\${each.value}"`),
      ),
    ]),
    pools.map(pool => [launchTemplate(pool), nodeGroup(pool)]),
    options.gpu && [
      comment(
        [
          'Lets the Cluster Autoscaler build a GPU node template while the group is at zero nodes, so a',
          'pending GPU pod can trigger the first scale-up.',
        ].join('\n'),
      ),
      resource('aws_autoscaling_group_tag', 'gpu_node_template', [
        attr(
          'for_each',
          expr(
            '{ for key, value in local.gpu_node_template_tags : key => value if var.enable_gpu_pool }',
          ),
        ),
        blank(),
        attr(
          'autoscaling_group_name',
          expr(
            'aws_eks_node_group.gpu[0].resources[0].autoscaling_groups[0].name',
          ),
        ),
        blank(),
        block(
          'tag',
          [],
          [
            attr('key', expr('each.key')),
            attr('value', expr('each.value')),
            attr('propagate_at_launch', false),
          ],
        ),
      ]),
      block(
        'locals',
        [],
        [
          attr('gpu_node_template_tags', {
            [`k8s.io/cluster-autoscaler/node-template/label/${GPU_NODE_LABEL.key}`]:
              GPU_NODE_LABEL.value,
            [`k8s.io/cluster-autoscaler/node-template/taint/${GPU_NODE_TAINT.key}`]: `${GPU_NODE_TAINT.value}:${GPU_NODE_TAINT.effect}`,
          }),
        ],
      ),
    ],
  ];
}
