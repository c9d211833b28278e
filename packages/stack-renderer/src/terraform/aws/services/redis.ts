import { attr, expr } from '../../../hcl/hcl';
import { terraformOutput } from '../../common/terraformOutput';
import { variableRef, type RootVariable } from '../../common/rootVariable';
import { terraformVariable } from '../../common/terraformVariable';
import { CLOUD_PRODUCTS } from '../../../cost/cloudProducts';
import { cacheHourlyPrice } from '../../../cost/priceLookup';
import type { ServiceCost } from '../../../cost/serviceCost';
import { HOURS_PER_MONTH } from '../../../cost/usageAssumptions';
import { awsCacheModule } from '../awsCacheModule';
import type { AwsService } from '../awsService';
import { mockArn } from '../awsTerraformTests';
import { dataServiceArguments } from '../dataServiceVariables';
import { policyStatement } from '../policyStatement';

/** ElastiCache bills per node: the primary, plus the replica (num_cache_clusters = 2) under HA. */
const awsRedisCost: ServiceCost = {
  lines: ({ cloud, region, preset, profile }) => {
    const tier = preset.cache.tier;
    const nodes = profile.highAvailability ? 2 : 1;
    return [
      {
        description: `${CLOUD_PRODUCTS.aws.cache} ${tier} × ${nodes}${
          nodes > 1 ? ' (primary + replica in another zone)' : ''
        }`,
        quantity: nodes * HOURS_PER_MONTH,
        unit: 'node-hour',
        unitPrice: cacheHourlyPrice({
          cloud,
          region,
          tier,
          memoryGb: preset.cache.memoryGb,
        }),
      },
    ];
  },
};

/** Redis on AWS: ElastiCache with IAM authentication, a replica with failover when highly available. */
export const awsRedis: AwsService = {
  id: 'redis',
  module: () => awsCacheModule(),
  cost: awsRedisCost,
  root: ({ resolved }) => {
    const nodeType: RootVariable = {
      name: 'cache_node_type',
      type: 'string',
      description: 'ElastiCache node type of the Redis cache.',
      value: resolved.preset.cache.tier,
      validations: [
        {
          condition: 'startswith(var.cache_node_type, "cache.")',
          message:
            'cache_node_type must be an ElastiCache node type such as cache.t4g.small.',
        },
      ],
    };
    return {
      variables: [nodeType],
      arguments: [
        dataServiceArguments(resolved),
        attr('node_type', variableRef(nodeType)),
        attr('high_availability', expr('var.high_availability')),
        attr('snapshot_retention_days', expr('var.backup_retention_days')),
        attr('log_retention_days', expr('var.log_retention_days')),
      ],
      outputs: [
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
    };
  },
  appAccess: {
    position: 2,
    variables: [
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
    statements: [
      policyStatement({
        sid: 'ConnectToCache',
        actions: ['elasticache:Connect'],
        resources: [
          expr('var.cache_replication_group_arn'),
          expr('var.cache_user_arn'),
        ],
      }),
    ],
    arguments: [
      attr(
        'cache_replication_group_arn',
        expr('module.cache.replication_group_arn'),
      ),
      attr('cache_user_arn', expr('module.cache.app_user_arn')),
    ],
    testValues: region => ({
      cache_replication_group_arn: mockArn(
        'elasticache',
        region,
        'replicationgroup:mock',
      ),
      cache_user_arn: mockArn('elasticache', region, 'user:app'),
    }),
  },
  egress: { description: 'ElastiCache (TLS on 6379)', port: 6379 },
  variables: [
    {
      name: 'REDIS_ENDPOINT',
      output: 'cache_endpoint',
      description: 'Primary endpoint of ElastiCache (TLS on 6379).',
    },
    {
      name: 'REDIS_USER',
      output: 'cache_user',
      description:
        'User the application signs in as with an IAM auth token (SigV4, elasticache:Connect), no password.',
    },
  ],
};
