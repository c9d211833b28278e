import {
  attr,
  blank,
  block,
  comment,
  data,
  expr,
  resource,
  type HclNode,
} from '../../hcl/hcl';
import type { FileTree } from '../../types';
import { AWS_PARTITION } from './awsContextData';
import { moduleFiles } from '../common/moduleFiles';
import { policyStatement } from './policyStatement';
import { terraformOutput } from '../common/terraformOutput';
import { terraformVariable } from '../common/terraformVariable';

/** Port `make k8s-tunnel` forwards to the private EKS endpoint on the local machine. */
export const EKS_TUNNEL_PORT = 8443;

/** The AMI the proxy boots: the latest Amazon Linux 2023 for Graviton, which ships the SSM agent. */
const AMI_PARAMETER =
  '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64';

const variables = [
  terraformVariable({
    name: 'name',
    type: 'string',
    description: 'Prefix of every resource name, e.g. payments-api-prod.',
  }),
  terraformVariable({
    name: 'vpc_id',
    type: 'string',
    description: 'VPC of the cluster.',
  }),
  terraformVariable({
    name: 'subnet_id',
    type: 'string',
    description:
      'Private subnet the proxy runs in (egress through the NAT gateway).',
  }),
  terraformVariable({
    name: 'cluster_security_group_id',
    type: 'string',
    description:
      'Security group of the EKS control plane endpoint, which admits the proxy on 443; null where the environment has no cluster (serverless: the relay serves make database-user only).',
    default: expr('null'),
  }),
  terraformVariable({
    name: 'cluster',
    type: 'bool',
    description:
      'Whether the environment has an EKS cluster whose endpoint admits the relay (known at plan time, unlike the security group ID).',
    default: true,
  }),
  terraformVariable({
    name: 'database_security_group_ids',
    type: 'list(string)',
    description:
      'Security groups of the PostgreSQL databases the proxy may reach on 5432 (make database-user).',
    default: [],
  }),
  terraformVariable({
    name: 'instance_type',
    type: 'string',
    description:
      'Instance type of the proxy: it only relays TLS, a nano is plenty.',
    default: 't4g.nano',
  }),
];

/** What the relay reaches, by what the stack has. */
export interface ClusterAccessUse {
  /** An environment runs EKS: the relay reaches its private API endpoint. */
  kubernetes: boolean;
  /** The stack has PostgreSQL: the relay reaches the database for make database-user. */
  database: boolean;
}

/** The module's opening comment: what the relay is for in this stack. */
function purpose(use: ClusterAccessUse): HclNode {
  const targets = [
    use.kubernetes && 'the private EKS API endpoint (make k8s-tunnel)',
    use.database && 'the PostgreSQL database (make database-user)',
  ].filter((target): target is string => typeof target === 'string');
  return comment(
    [
      'The path from CI (and from people) into the private network: a small instance in a private',
      'subnet that only runs the SSM agent. `aws ssm start-session` with the document',
      'AWS-StartPortForwardingSessionToRemoteHost forwards a local port through it to',
      `${targets.join(' or\n')}, so nothing listens on the internet,`,
      'and who may open a tunnel is an IAM question (ssm:StartSession on this instance). What goes',
      `through the tunnel still signs in at the other end: ${
        use.kubernetes
          ? 'kubectl to EKS with its own IAM identity.'
          : 'psql to the database.'
      }`,
    ].join('\n'),
  );
}

const resources = [
  data('aws_partition', 'current', []),
  data('aws_ssm_parameter', 'ami', [attr('name', AMI_PARAMETER)]),
  data('aws_iam_policy_document', 'assume', [
    policyStatement({
      sid: 'Ec2',
      actions: ['sts:AssumeRole'],
      principals: [{ type: 'Service', identifiers: ['ec2.amazonaws.com'] }],
    }),
  ]),
  resource('aws_iam_role', 'this', [
    attr('name', expr('"${var.name}-eks-api-proxy"')),
    attr('description', 'SSM agent of the EKS API proxy; no other rights'),
    attr(
      'assume_role_policy',
      expr('data.aws_iam_policy_document.assume.json'),
    ),
  ]),
  resource('aws_iam_role_policy_attachment', 'ssm', [
    attr('role', expr('aws_iam_role.this.name')),
    attr(
      'policy_arn',
      expr(
        `"arn:\${${AWS_PARTITION}}:iam::aws:policy/AmazonSSMManagedInstanceCore"`,
      ),
    ),
  ]),
  resource('aws_iam_instance_profile', 'this', [
    attr('name', expr('"${var.name}-eks-api-proxy"')),
    attr('role', expr('aws_iam_role.this.name')),
  ]),
  comment(
    'No inbound rules at all: sessions arrive through the SSM agent, which only dials out.',
  ),
  resource('aws_security_group', 'this', [
    attr('name', expr('"${var.name}-eks-api-proxy"')),
    attr(
      'description',
      'EKS API proxy: HTTPS out to SSM and the cluster endpoint',
    ),
    attr('vpc_id', expr('var.vpc_id')),
    blank(),
    attr('tags', { Name: expr('"${var.name}-eks-api-proxy"') }),
  ]),
  resource('aws_vpc_security_group_egress_rule', 'https', [
    attr('security_group_id', expr('aws_security_group.this.id')),
    attr(
      'description',
      'Systems Manager (through the NAT gateway) and the EKS endpoint',
    ),
    attr('cidr_ipv4', '0.0.0.0/0'),
    attr('ip_protocol', 'tcp'),
    attr('from_port', 443),
    attr('to_port', 443),
  ]),
  resource('aws_vpc_security_group_ingress_rule', 'cluster_from_proxy', [
    attr('count', expr('var.cluster ? 1 : 0')),
    blank(),
    attr('security_group_id', expr('var.cluster_security_group_id')),
    attr('description', 'Kubernetes API from the EKS API proxy'),
    attr('referenced_security_group_id', expr('aws_security_group.this.id')),
    attr('ip_protocol', 'tcp'),
    attr('from_port', 443),
    attr('to_port', 443),
  ]),
  comment(
    'The rule had no count before serverless environments: keep it in place.',
  ),
  block(
    'moved',
    [],
    [
      attr(
        'from',
        expr('aws_vpc_security_group_ingress_rule.cluster_from_proxy'),
      ),
      attr(
        'to',
        expr('aws_vpc_security_group_ingress_rule.cluster_from_proxy[0]'),
      ),
    ],
  ),
  comment(
    [
      'make database-user creates the application role through the same relay: PostgreSQL (5432) to',
      'the database only, which still requires the master credentials from Secrets Manager.',
    ].join('\n'),
  ),
  resource('aws_vpc_security_group_egress_rule', 'database', [
    attr('count', expr('length(var.database_security_group_ids)')),
    blank(),
    attr('security_group_id', expr('aws_security_group.this.id')),
    attr('description', 'PostgreSQL, for make database-user'),
    attr(
      'referenced_security_group_id',
      expr('var.database_security_group_ids[count.index]'),
    ),
    attr('ip_protocol', 'tcp'),
    attr('from_port', 5432),
    attr('to_port', 5432),
  ]),
  resource('aws_vpc_security_group_ingress_rule', 'database_from_proxy', [
    attr('count', expr('length(var.database_security_group_ids)')),
    blank(),
    attr(
      'security_group_id',
      expr('var.database_security_group_ids[count.index]'),
    ),
    attr(
      'description',
      'PostgreSQL from the EKS API proxy (make database-user)',
    ),
    attr('referenced_security_group_id', expr('aws_security_group.this.id')),
    attr('ip_protocol', 'tcp'),
    attr('from_port', 5432),
    attr('to_port', 5432),
  ]),
  resource('aws_instance', 'this', [
    attr('ami', expr('data.aws_ssm_parameter.ami.insecure_value')),
    attr('instance_type', expr('var.instance_type')),
    attr('subnet_id', expr('var.subnet_id')),
    attr('vpc_security_group_ids', [expr('aws_security_group.this.id')]),
    attr('iam_instance_profile', expr('aws_iam_instance_profile.this.name')),
    attr('associate_public_ip_address', false),
    attr('ebs_optimized', true),
    attr('monitoring', true),
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
      'root_block_device',
      [],
      [attr('encrypted', true), attr('volume_type', 'gp3')],
    ),
    blank(),
    attr('tags', { Name: expr('"${var.name}-eks-api-proxy"') }),
    blank(),
    comment(
      [
        'A new AMI would replace the instance on the next apply of any change; refresh it on',
        'purpose instead: terraform apply -replace=module.cluster_access.aws_instance.this.',
      ].join('\n'),
    ),
    block('lifecycle', [], [attr('ignore_changes', [expr('ami')])]),
  ]),
];

const outputs = [
  terraformOutput({
    name: 'instance_id',
    description: 'The SSM target of `aws ssm start-session`.',
    value: 'aws_instance.this.id',
  }),
];

/**
 * The AWS cluster-access module: an SSM-managed relay in a private subnet through which CI and
 * people reach the private EKS endpoint (AWS Systems Manager port forwarding to a remote host).
 */
export function awsClusterAccessModule(use: ClusterAccessUse): FileTree {
  return moduleFiles({
    cloud: 'aws',
    capability: 'cluster-access',
    variables,
    main: [purpose(use), resources],
    outputs,
  });
}
