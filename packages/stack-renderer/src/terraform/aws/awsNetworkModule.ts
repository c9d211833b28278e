import {
  attr,
  blank,
  block,
  comment,
  data,
  expr,
  resource,
  type HclValue,
} from '../../hcl/hcl';
import type { FileTree } from '../../types';
import {
  AWS_PUBLIC_SUBNET_BITS,
  AWS_PUBLIC_SUBNET_FIRST,
  AWS_ZONES,
} from './awsAddressPlan';
import { AWS_ACCOUNT_ID, AWS_REGION, awsContextData } from './awsContextData';
import { moduleFiles } from '../common/moduleFiles';
import { kmsKey } from './kmsKey';
import { policyStatement } from './policyStatement';
import { terraformOutput } from '../common/terraformOutput';
import { terraformVariable } from '../common/terraformVariable';

/** Interface endpoints that keep node bootstrap, image pulls and logging off the NAT gateways. */
export const AWS_INTERFACE_ENDPOINTS = [
  'ec2',
  'ecr.api',
  'ecr.dkr',
  'logs',
  'sts',
] as const;

const variables = [
  terraformVariable({
    name: 'name',
    type: 'string',
    description: 'Prefix of every resource name, e.g. payments-api-prod.',
  }),
  terraformVariable({
    name: 'cidr',
    type: 'string',
    description:
      'IPv4 block of the VPC; a /16 that the subnets are carved from.',
    validations: [
      {
        condition: 'can(cidrhost(var.cidr, 0)) && endswith(var.cidr, "/16")',
        message: 'cidr must be an IPv4 /16 block such as 10.40.0.0/16.',
      },
    ],
  }),
  terraformVariable({
    name: 'nat_per_zone',
    type: 'bool',
    description:
      'One NAT gateway per availability zone (survives a zone outage) instead of a single shared one (cheaper).',
  }),
  terraformVariable({
    name: 'flow_log_retention_days',
    type: 'number',
    description: 'Days to keep VPC flow logs in CloudWatch Logs.',
  }),
];

const availabilityZone = expr('local.azs[count.index]');

function subnet(options: {
  tier: string;
  cidrs: string;
  tags: Record<string, HclValue>;
}) {
  return resource('aws_subnet', options.tier, [
    attr('count', expr('length(local.azs)')),
    blank(),
    attr('vpc_id', expr('aws_vpc.this.id')),
    attr('cidr_block', expr(`${options.cidrs}[count.index]`)),
    attr('availability_zone', availabilityZone),
    attr('map_public_ip_on_launch', false),
    blank(),
    attr('tags', {
      Name: expr(`"\${var.name}-${options.tier}-\${local.azs[count.index]}"`),
      ...options.tags,
    }),
  ]);
}

function routeTableAssociation(tier: string, routeTable: string) {
  return resource('aws_route_table_association', tier, [
    attr('count', expr('length(local.azs)')),
    blank(),
    attr('subnet_id', expr(`aws_subnet.${tier}[count.index].id`)),
    attr('route_table_id', expr(routeTable)),
  ]);
}

const main = [
  awsContextData(),
  comment(
    'Zones that need no opt-in; the first three carry one subnet of each tier.',
  ),
  data('aws_availability_zones', 'available', [
    attr('state', 'available'),
    blank(),
    block(
      'filter',
      [],
      [attr('name', 'opt-in-status'), attr('values', ['opt-in-not-required'])],
    ),
  ]),
  block(
    'locals',
    [],
    [
      attr(
        'azs',
        expr('slice(data.aws_availability_zones.available.names, 0, 3)'),
      ),
      blank(),
      comment(
        [
          'Address plan for the /16: private /19s hold nodes, pods (the VPC CNI gives every pod a VPC',
          'address) and the EKS control-plane interfaces; public /22s hold load balancers and NAT gateways.',
        ].join('\n'),
      ),
      attr(
        'private_subnets',
        expr('[for index in range(3) : cidrsubnet(var.cidr, 3, index)]'),
      ),
      attr(
        'public_subnets',
        expr(
          `[for index in range(${AWS_ZONES}) : cidrsubnet(var.cidr, ${AWS_PUBLIC_SUBNET_BITS}, ${AWS_PUBLIC_SUBNET_FIRST} + index)]`,
        ),
      ),
      blank(),
      attr(
        'nat_gateway_count',
        expr('var.nat_per_zone ? length(local.azs) : 1'),
      ),
      attr('interface_endpoints', [...AWS_INTERFACE_ENDPOINTS]),
    ],
  ),
  resource('aws_vpc', 'this', [
    attr('cidr_block', expr('var.cidr')),
    comment(
      'Both are needed for the private DNS names of the interface endpoints.',
    ),
    attr('enable_dns_support', true),
    attr('enable_dns_hostnames', true),
    blank(),
    attr('tags', { Name: expr('var.name') }),
  ]),
  comment(
    'Adopts the default security group and strips its rules: anything that falls back to it gets no traffic.',
  ),
  resource('aws_default_security_group', 'this', [
    attr('vpc_id', expr('aws_vpc.this.id')),
    blank(),
    attr('tags', { Name: expr('"${var.name}-default-deny"') }),
  ]),
  comment(
    'Load balancers only; nothing here gets a public address by default.',
  ),
  subnet({
    tier: 'public',
    cidrs: 'local.public_subnets',
    tags: { 'kubernetes.io/role/elb': '1' },
  }),
  comment(
    [
      'Nodes, pods and the EKS control-plane interfaces; internal load balancers land here too.',
      'karpenter.sh/discovery lets the EKS Auto Mode node class of the cluster named var.name find them.',
    ].join('\n'),
  ),
  subnet({
    tier: 'private',
    cidrs: 'local.private_subnets',
    tags: {
      'kubernetes.io/role/internal-elb': '1',
      'karpenter.sh/discovery': expr('var.name'),
    },
  }),
  resource('aws_internet_gateway', 'this', [
    attr('vpc_id', expr('aws_vpc.this.id')),
    blank(),
    attr('tags', { Name: expr('var.name') }),
  ]),
  resource('aws_eip', 'nat', [
    attr('count', expr('local.nat_gateway_count')),
    blank(),
    attr('domain', 'vpc'),
    blank(),
    attr('tags', { Name: expr('"${var.name}-nat-${local.azs[count.index]}"') }),
  ]),
  comment(
    'A single NAT gateway is a zonal single point of failure for egress; production runs one per zone.',
  ),
  resource('aws_nat_gateway', 'this', [
    attr('count', expr('local.nat_gateway_count')),
    blank(),
    attr('allocation_id', expr('aws_eip.nat[count.index].id')),
    attr('subnet_id', expr('aws_subnet.public[count.index].id')),
    blank(),
    attr('tags', { Name: expr('"${var.name}-${local.azs[count.index]}"') }),
    blank(),
    attr('depends_on', [expr('aws_internet_gateway.this')]),
  ]),
  resource('aws_route_table', 'public', [
    attr('vpc_id', expr('aws_vpc.this.id')),
    blank(),
    attr('tags', { Name: expr('"${var.name}-public"') }),
  ]),
  resource('aws_route', 'public_internet', [
    attr('route_table_id', expr('aws_route_table.public.id')),
    attr('destination_cidr_block', '0.0.0.0/0'),
    attr('gateway_id', expr('aws_internet_gateway.this.id')),
  ]),
  routeTableAssociation('public', 'aws_route_table.public.id'),
  comment(
    'One route table per zone, so each zone can use its own NAT gateway.',
  ),
  resource('aws_route_table', 'private', [
    attr('count', expr('length(local.azs)')),
    blank(),
    attr('vpc_id', expr('aws_vpc.this.id')),
    blank(),
    attr('tags', {
      Name: expr('"${var.name}-private-${local.azs[count.index]}"'),
    }),
  ]),
  resource('aws_route', 'private_nat', [
    attr('count', expr('length(local.azs)')),
    blank(),
    attr('route_table_id', expr('aws_route_table.private[count.index].id')),
    attr('destination_cidr_block', '0.0.0.0/0'),
    attr(
      'nat_gateway_id',
      expr('aws_nat_gateway.this[var.nat_per_zone ? count.index : 0].id'),
    ),
  ]),
  routeTableAssociation('private', 'aws_route_table.private[count.index].id'),

  comment(
    'Flow logs record accepted and rejected traffic for incident response (CKV2_AWS_11).',
  ),
  kmsKey({
    id: 'logs',
    description: 'VPC flow logs of ${var.name}',
    alias: '${var.name}-network-logs',
    cloudwatchLogs: true,
  }),
  resource('aws_cloudwatch_log_group', 'flow_logs', [
    attr('name', expr('"/aws/vpc/${var.name}/flow-logs"')),
    attr('retention_in_days', expr('var.flow_log_retention_days')),
    attr('kms_key_id', expr('aws_kms_key.logs.arn')),
  ]),
  data('aws_iam_policy_document', 'flow_logs_assume', [
    policyStatement({
      sid: 'VpcFlowLogs',
      actions: ['sts:AssumeRole'],
      principals: [
        { type: 'Service', identifiers: ['vpc-flow-logs.amazonaws.com'] },
      ],
      conditions: [
        {
          test: 'StringEquals',
          variable: 'aws:SourceAccount',
          values: [expr(AWS_ACCOUNT_ID)],
        },
      ],
    }),
  ]),
  resource('aws_iam_role', 'flow_logs', [
    attr('name', expr('"${var.name}-flow-logs"')),
    attr(
      'assume_role_policy',
      expr('data.aws_iam_policy_document.flow_logs_assume.json'),
    ),
  ]),
  data('aws_iam_policy_document', 'flow_logs', [
    policyStatement({
      sid: 'WriteFlowLogs',
      actions: [
        'logs:CreateLogStream',
        'logs:DescribeLogStreams',
        'logs:PutLogEvents',
      ],
      resources: [expr('"${aws_cloudwatch_log_group.flow_logs.arn}:*"')],
    }),
  ]),
  resource('aws_iam_role_policy', 'flow_logs', [
    attr('name', 'write-flow-logs'),
    attr('role', expr('aws_iam_role.flow_logs.id')),
    attr('policy', expr('data.aws_iam_policy_document.flow_logs.json')),
  ]),
  resource('aws_flow_log', 'this', [
    attr('vpc_id', expr('aws_vpc.this.id')),
    attr('traffic_type', 'ALL'),
    attr('log_destination_type', 'cloud-watch-logs'),
    attr('log_destination', expr('aws_cloudwatch_log_group.flow_logs.arn')),
    attr('iam_role_arn', expr('aws_iam_role.flow_logs.arn')),
    attr('max_aggregation_interval', 60),
    blank(),
    attr('tags', { Name: expr('var.name') }),
  ]),

  comment(
    'S3 traffic (image layers from ECR, application data) stays on the AWS network and costs no NAT.',
  ),
  resource('aws_vpc_endpoint', 's3', [
    attr('vpc_id', expr('aws_vpc.this.id')),
    attr('service_name', expr(`"com.amazonaws.\${${AWS_REGION}}.s3"`)),
    attr('vpc_endpoint_type', 'Gateway'),
    attr('route_table_ids', expr('aws_route_table.private[*].id')),
    blank(),
    attr('tags', { Name: expr('"${var.name}-s3"') }),
  ]),
  resource('aws_security_group', 'endpoints', [
    attr('name', expr('"${var.name}-vpc-endpoints"')),
    attr('description', 'HTTPS from inside the VPC to the interface endpoints'),
    attr('vpc_id', expr('aws_vpc.this.id')),
    blank(),
    attr('tags', { Name: expr('"${var.name}-vpc-endpoints"') }),
  ]),
  resource('aws_vpc_security_group_ingress_rule', 'endpoints_https', [
    attr('security_group_id', expr('aws_security_group.endpoints.id')),
    attr('description', 'HTTPS from the VPC'),
    attr('cidr_ipv4', expr('aws_vpc.this.cidr_block')),
    attr('ip_protocol', 'tcp'),
    attr('from_port', 443),
    attr('to_port', 443),
  ]),
  comment(
    'Private DNS makes the regional service names resolve to these endpoints, so no client needs configuring.',
  ),
  resource('aws_vpc_endpoint', 'interface', [
    attr('for_each', expr('toset(local.interface_endpoints)')),
    blank(),
    attr('vpc_id', expr('aws_vpc.this.id')),
    attr(
      'service_name',
      expr(`"com.amazonaws.\${${AWS_REGION}}.\${each.key}"`),
    ),
    attr('vpc_endpoint_type', 'Interface'),
    attr('private_dns_enabled', true),
    attr('subnet_ids', expr('aws_subnet.private[*].id')),
    attr('security_group_ids', [expr('aws_security_group.endpoints.id')]),
    blank(),
    attr('tags', { Name: expr('"${var.name}-${each.key}"') }),
  ]),
];

const outputs = [
  terraformOutput({
    name: 'vpc_id',
    description: 'ID of the VPC.',
    value: 'aws_vpc.this.id',
  }),
  terraformOutput({
    name: 'vpc_cidr',
    description: 'IPv4 block of the VPC.',
    value: 'aws_vpc.this.cidr_block',
  }),
  terraformOutput({
    name: 'availability_zones',
    description: 'The zones the subnets span.',
    value: 'local.azs',
  }),
  terraformOutput({
    name: 'private_subnet_ids',
    description:
      'Subnets for nodes, pods, the EKS control plane and data services, one per zone.',
    value: 'aws_subnet.private[*].id',
  }),
  terraformOutput({
    name: 'public_subnet_ids',
    description: 'Subnets for internet-facing load balancers, one per zone.',
    value: 'aws_subnet.public[*].id',
  }),
  terraformOutput({
    name: 'nat_public_ips',
    description:
      'Egress addresses of the NAT gateways, for allow-lists of third parties.',
    value: 'aws_eip.nat[*].public_ip',
  }),
];

/** The AWS network module: a three-zone VPC with NAT, flow logs and VPC endpoints. */
export function awsNetworkModule(): FileTree {
  return moduleFiles({
    cloud: 'aws',
    capability: 'network',
    variables,
    main,
    outputs,
  });
}
