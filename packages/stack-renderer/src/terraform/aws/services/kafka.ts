import {
  attr,
  blank,
  block,
  comment,
  expr,
  resource,
  type HclBody,
} from '../../../hcl/hcl';
import type { Size } from '../../../spec/presets';
import { runsKubernetes } from '../../../spec/computeTarget';
import type { FileTree } from '../../../types';
import { moduleFiles } from '../../common/moduleFiles';
import { variableRef, type RootVariable } from '../../common/rootVariable';
import { terraformOutput } from '../../common/terraformOutput';
import { terraformVariable } from '../../common/terraformVariable';
import { awsContextData } from '../awsContextData';
import type { AwsService } from '../awsService';
import { MissingPriceError } from '../../../cost/priceLookup';
import { regionalPrice, type ServiceCost } from '../../../cost/serviceCost';
import { HOURS_PER_MONTH } from '../../../cost/usageAssumptions';
import {
  mockArn,
  testAssertion,
  testModuleSource,
  testRun,
} from '../awsTerraformTests';
import {
  dataServiceArguments,
  dataServiceVariables,
} from '../dataServiceVariables';
import { kmsKey } from '../kmsKey';
import { policyStatement } from '../policyStatement';
import { securityGroupFromApp } from '../securityGroupFromApp';

/** Apache Kafka version of the brokers; 3.8.x is the version the MSK developer guide recommends. */
export const MSK_KAFKA_VERSION = '3.8.x';

/** The port MSK serves SASL/IAM clients on inside the VPC (TLS). */
export const MSK_IAM_PORT = 9098;

/** The zones (and private subnets) the network module spreads over; MSK needs a broker count that is a multiple. */
const ZONES = 3;

/** Brokers of one MSK cluster: instance type, count (one per zone or a multiple) and EBS storage per broker. */
export interface MskSize {
  brokerType: string;
  brokers: number;
  storageGbPerBroker: number;
}

const MSK_SIZES: Readonly<Record<Size, MskSize>> = {
  small: { brokerType: 'kafka.t3.small', brokers: 3, storageGbPerBroker: 100 },
  medium: {
    brokerType: 'kafka.m7g.large',
    brokers: 3,
    storageGbPerBroker: 500,
  },
  large: {
    brokerType: 'kafka.m7g.xlarge',
    brokers: 6,
    storageGbPerBroker: 1000,
  },
};

/** The brokers of a size preset; the Terraform values and the cost estimate both read it. */
export function mskSize(size: Size): MskSize {
  return MSK_SIZES[size];
}

const moduleVariables: HclBody = [
  dataServiceVariables(),
  terraformVariable({
    name: 'broker_instance_type',
    type: 'string',
    description: 'MSK broker instance type, e.g. kafka.m7g.large.',
  }),
  terraformVariable({
    name: 'broker_count',
    type: 'number',
    description: 'Brokers, a multiple of the number of subnets (zones).',
  }),
  terraformVariable({
    name: 'broker_storage_gb',
    type: 'number',
    description: 'EBS storage per broker in GiB.',
  }),
  terraformVariable({
    name: 'log_retention_days',
    type: 'number',
    description: 'Days to keep the broker logs.',
  }),
];

const moduleMain: HclBody = [
  awsContextData(),
  kmsKey({
    id: 'kafka',
    description:
      'Data at rest and broker logs of the ${var.name} Kafka cluster',
    alias: '${var.name}-kafka',
    cloudwatchLogs: true,
  }),
  securityGroupFromApp({
    id: 'kafka',
    description: `Kafka (SASL/IAM over TLS on ${MSK_IAM_PORT}) from the application only`,
    port: MSK_IAM_PORT,
  }),
  resource('aws_cloudwatch_log_group', 'broker_logs', [
    attr('name', expr('"/aws/msk/${var.name}/broker"')),
    attr('retention_in_days', expr('var.log_retention_days')),
    attr('kms_key_id', expr('aws_kms_key.kafka.arn')),
  ]),
  comment(
    [
      'Clients sign in with IAM only (SASL/IAM): the application with its own IAM role, so no',
      'password or SCRAM secret exists. Unauthenticated and mutual-TLS access stay off, traffic is TLS',
      'between clients and brokers and between brokers, and no broker has a public address.',
    ].join('\n'),
  ),
  resource('aws_msk_cluster', 'this', [
    attr('cluster_name', expr('var.name')),
    attr('kafka_version', MSK_KAFKA_VERSION),
    attr('number_of_broker_nodes', expr('var.broker_count')),
    attr('enhanced_monitoring', 'DEFAULT'),
    blank(),
    block(
      'broker_node_group_info',
      [],
      [
        attr('instance_type', expr('var.broker_instance_type')),
        attr('client_subnets', expr('var.subnet_ids')),
        attr('security_groups', [expr('aws_security_group.kafka.id')]),
        attr('az_distribution', 'DEFAULT'),
        blank(),
        block(
          'storage_info',
          [],
          [
            block(
              'ebs_storage_info',
              [],
              [attr('volume_size', expr('var.broker_storage_gb'))],
            ),
          ],
        ),
        blank(),
        block(
          'connectivity_info',
          [],
          [block('public_access', [], [attr('type', 'DISABLED')])],
        ),
      ],
    ),
    blank(),
    block(
      'client_authentication',
      [],
      [
        attr('unauthenticated', false),
        block('sasl', [], [attr('iam', true), attr('scram', false)]),
      ],
    ),
    blank(),
    block(
      'encryption_info',
      [],
      [
        attr('encryption_at_rest_kms_key_arn', expr('aws_kms_key.kafka.arn')),
        block(
          'encryption_in_transit',
          [],
          [attr('client_broker', 'TLS'), attr('in_cluster', true)],
        ),
      ],
    ),
    blank(),
    block(
      'logging_info',
      [],
      [
        block(
          'broker_logs',
          [],
          [
            block(
              'cloudwatch_logs',
              [],
              [
                attr('enabled', true),
                attr(
                  'log_group',
                  expr('aws_cloudwatch_log_group.broker_logs.name'),
                ),
              ],
            ),
          ],
        ),
      ],
    ),
  ]),
];

const moduleOutputs: HclBody = [
  terraformOutput({
    name: 'bootstrap_brokers',
    description: `Bootstrap brokers for SASL/IAM clients (TLS on port ${MSK_IAM_PORT}).`,
    value: 'aws_msk_cluster.this.bootstrap_brokers_sasl_iam',
  }),
  terraformOutput({
    name: 'cluster_arn',
    description: 'ARN of the MSK cluster.',
    value: 'aws_msk_cluster.this.arn',
  }),
  terraformOutput({
    name: 'security_group_id',
    description: 'Security group of the brokers.',
    value: 'aws_security_group.kafka.id',
  }),
];

/** `infra/modules/streaming/aws`: an MSK provisioned cluster, IAM sign-in, TLS, KMS, private. */
function awsKafkaModule(): FileTree {
  return moduleFiles({
    cloud: 'aws',
    capability: 'streaming',
    variables: moduleVariables,
    main: moduleMain,
    outputs: moduleOutputs,
  });
}

/** A topic or group ARN of the cluster: MSK names them after the cluster's name and UUID. */
function clusterChildArn(kind: 'topic' | 'group'): string {
  return `"\${replace(var.kafka_cluster_arn, ":cluster/", ":${kind}/")}/*"`;
}

function kafkaRun(): HclBody {
  return testRun({
    name: 'kafka',
    comment: [
      'The Kafka cluster admits IAM sign-in only, over TLS, encrypts at rest with its own KMS key,',
      'keeps its brokers in the private subnets (one per zone) and sends broker logs to CloudWatch.',
    ].join('\n'),
    module: testModuleSource('streaming'),
    variables: {
      name: expr('run.environment.cluster_name'),
      vpc_id: 'vpc-0123456789abcdef0',
      subnet_ids: ['subnet-a', 'subnet-b', 'subnet-c'],
      allowed_security_group_ids: ['sg-0123456789abcdef0'],
      broker_instance_type: expr('var.kafka_broker_instance_type'),
      broker_count: expr('var.kafka_broker_count'),
      broker_storage_gb: expr('var.kafka_broker_storage_gb'),
      log_retention_days: expr('var.log_retention_days'),
    },
    assertions: [
      testAssertion(
        'one(aws_msk_cluster.this.client_authentication).unauthenticated == false && one(one(aws_msk_cluster.this.client_authentication).sasl).iam == true && one(one(aws_msk_cluster.this.client_authentication).sasl).scram == false && length(one(aws_msk_cluster.this.client_authentication).tls) == 0',
        'Clients must sign in with IAM only: no unauthenticated, SCRAM or mutual-TLS access.',
      ),
      testAssertion(
        'one(one(aws_msk_cluster.this.encryption_info).encryption_in_transit).client_broker == "TLS" && one(one(aws_msk_cluster.this.encryption_info).encryption_in_transit).in_cluster == true',
        'Traffic must be TLS between clients and brokers and between brokers.',
      ),
      testAssertion(
        'one(aws_msk_cluster.this.encryption_info).encryption_at_rest_kms_key_arn == aws_kms_key.kafka.arn && aws_kms_key.kafka.enable_key_rotation',
        "Data at rest must be encrypted with the cluster's own rotated KMS key.",
      ),
      testAssertion(
        'one(one(one(aws_msk_cluster.this.broker_node_group_info).connectivity_info).public_access).type == "DISABLED" && one(aws_msk_cluster.this.broker_node_group_info).client_subnets == toset(var.subnet_ids) && aws_msk_cluster.this.number_of_broker_nodes % length(var.subnet_ids) == 0',
        'Brokers must stay private, spread evenly over the private subnets of every zone.',
      ),
      testAssertion(
        `length(aws_vpc_security_group_ingress_rule.kafka_from_cluster) == length(var.allowed_security_group_ids) && alltrue([for rule in aws_vpc_security_group_ingress_rule.kafka_from_cluster : rule.from_port == ${MSK_IAM_PORT} && rule.to_port == ${MSK_IAM_PORT} && contains(var.allowed_security_group_ids, rule.referenced_security_group_id)])`,
        `Only the cluster's security group may reach the brokers, on the IAM port ${MSK_IAM_PORT} only.`,
      ),
      testAssertion(
        'one(one(one(aws_msk_cluster.this.logging_info).broker_logs).cloudwatch_logs).enabled && one(one(one(aws_msk_cluster.this.logging_info).broker_logs).cloudwatch_logs).log_group == aws_cloudwatch_log_group.broker_logs.name && aws_cloudwatch_log_group.broker_logs.kms_key_id == aws_kms_key.kafka.arn',
        'Broker logs must go to an encrypted CloudWatch log group.',
      ),
    ],
  });
}

/** MSK provisioned, Standard brokers, us-east-1, USD per broker-hour by instance type. */
const MSK_BROKER_HOUR: Readonly<Record<string, number>> = {
  'kafka.t3.small': 0.0456,
  'kafka.m7g.large': 0.204,
  'kafka.m7g.xlarge': 0.408,
};

/** MSK broker storage (the brokers' EBS volumes), USD per GB-month, us-east-1. */
const MSK_STORAGE_GB_MONTH = 0.1;

/** The brokers and their storage, from the sizes the tfvars write ({@link mskSize}). */
const awsKafkaCost: ServiceCost = {
  source: 'https://aws.amazon.com/msk/pricing/',
  lines: plan => {
    const brokers = mskSize(plan.size);
    const price = MSK_BROKER_HOUR[brokers.brokerType];
    if (price === undefined) {
      throw new MissingPriceError(
        `MSK broker "${brokers.brokerType}"`,
        plan.cloud,
        plan.region,
      );
    }
    return [
      {
        description: `MSK brokers ${brokers.brokerType} × ${brokers.brokers} (one or more per zone)`,
        quantity: HOURS_PER_MONTH * brokers.brokers,
        unit: 'broker-hour',
        unitPrice: regionalPrice(plan, price),
      },
      {
        description: `MSK broker storage: ${brokers.storageGbPerBroker} GB × ${brokers.brokers} brokers`,
        quantity: brokers.storageGbPerBroker * brokers.brokers,
        unit: 'GB-month',
        unitPrice: regionalPrice(plan, MSK_STORAGE_GB_MONTH),
      },
    ];
  },
};

/**
 * Kafka on AWS: MSK provisioned with IAM sign-in only, TLS in transit, its own KMS key at rest,
 * brokers in the private subnets of every zone and broker logs in CloudWatch. The application's
 * role may connect and use the topics and consumer groups of this cluster only.
 */
export const awsKafka: AwsService = {
  id: 'kafka',
  cost: awsKafkaCost,
  // ViewOnlyAccess grants only kafka:ListClusters. The broker endpoints are outputs of the root,
  // so every refresh calls GetBootstrapBrokers too (internal/service/kafka/cluster.go).
  planReads: {
    actions: [
      'kafka:DescribeCluster*',
      'kafka:GetBootstrapBrokers',
      'kafka:ListTagsForResource',
    ],
    types: {
      'resource aws_msk_cluster': {
        actions: [
          'kafka:DescribeCluster',
          'kafka:DescribeClusterV2',
          'kafka:GetBootstrapBrokers',
          'kafka:ListTagsForResource',
        ],
        source: 'kafka/cluster.go',
      },
    },
  },
  module: () => awsKafkaModule(),
  root: ({ resolved }) => {
    const size = mskSize(resolved.size);
    const brokerType: RootVariable = {
      name: 'kafka_broker_instance_type',
      type: 'string',
      description: 'MSK broker instance type of the Kafka cluster.',
      value: size.brokerType,
      validations: [
        {
          condition: 'startswith(var.kafka_broker_instance_type, "kafka.")',
          message:
            'kafka_broker_instance_type must be an MSK broker instance type such as kafka.m7g.large.',
        },
      ],
    };
    const brokerCount: RootVariable = {
      name: 'kafka_broker_count',
      type: 'number',
      description: `Brokers of the Kafka cluster, a multiple of the ${ZONES} zones.`,
      value: size.brokers,
      validations: [
        {
          condition: `var.kafka_broker_count >= ${ZONES} && var.kafka_broker_count % ${ZONES} == 0`,
          message: `kafka_broker_count must be a multiple of ${ZONES} (one broker per zone or more).`,
        },
      ],
    };
    const storage: RootVariable = {
      name: 'kafka_broker_storage_gb',
      type: 'number',
      description: 'EBS storage per Kafka broker in GiB.',
      value: size.storageGbPerBroker,
      validations: [
        {
          condition:
            'var.kafka_broker_storage_gb >= 1 && var.kafka_broker_storage_gb <= 16384',
          message: 'kafka_broker_storage_gb must be between 1 and 16384 GiB.',
        },
      ],
    };
    return {
      variables: [brokerType, brokerCount, storage],
      arguments: [
        dataServiceArguments(resolved),
        attr('broker_instance_type', variableRef(brokerType)),
        attr('broker_count', variableRef(brokerCount)),
        attr('broker_storage_gb', variableRef(storage)),
        attr('log_retention_days', expr('var.log_retention_days')),
      ],
      outputs: [
        terraformOutput({
          name: 'kafka_bootstrap_servers',
          description: `Bootstrap servers of the Kafka cluster for SASL/IAM clients (TLS on ${MSK_IAM_PORT}); the application signs in with its ${
            runsKubernetes(resolved) ? 'Pod Identity role' : 'ECS task role'
          }.`,
          value: 'module.streaming.bootstrap_brokers',
        }),
      ],
    };
  },
  appAccess: {
    position: 3,
    variables: [
      terraformVariable({
        name: 'kafka_cluster_arn',
        type: 'string',
        description:
          'ARN of the MSK cluster (its topics and groups share its name and UUID).',
      }),
    ],
    statements: [
      policyStatement({
        sid: 'ConnectToKafka',
        actions: ['kafka-cluster:Connect', 'kafka-cluster:DescribeCluster'],
        resources: [expr('var.kafka_cluster_arn')],
      }),
      comment(
        'Topics of this cluster only; CreateTopic because MSK provisioned creates no topic by itself.',
      ),
      policyStatement({
        sid: 'UseKafkaTopics',
        actions: [
          'kafka-cluster:CreateTopic',
          'kafka-cluster:DescribeTopic',
          'kafka-cluster:ReadData',
          'kafka-cluster:WriteData',
        ],
        resources: [expr(clusterChildArn('topic'))],
      }),
      comment(
        'Consumer groups of this cluster: joining one and committing offsets alter it.',
      ),
      policyStatement({
        sid: 'UseKafkaGroups',
        actions: ['kafka-cluster:AlterGroup', 'kafka-cluster:DescribeGroup'],
        resources: [expr(clusterChildArn('group'))],
      }),
    ],
    arguments: [
      attr('kafka_cluster_arn', expr('module.streaming.cluster_arn')),
    ],
    testValues: region => ({
      kafka_cluster_arn: mockArn(
        'kafka',
        region,
        'cluster/mock/00000000-0000-0000-0000-000000000000-1',
      ),
    }),
  },
  environmentTests: kafkaRun,
  egress: {
    description: `MSK (SASL/IAM over TLS on ${MSK_IAM_PORT})`,
    port: MSK_IAM_PORT,
  },
  variables: [
    {
      name: 'KAFKA_BOOTSTRAP_SERVERS',
      output: 'kafka_bootstrap_servers',
      description:
        'MSK brokers for SASL/IAM (TLS on 9098); the Pod Identity role signs in (aws-msk-iam-auth).',
      serverlessDescription:
        'MSK brokers for SASL/IAM (TLS on 9098); the ECS task role signs in (aws-msk-iam-auth).',
    },
  ],
};
