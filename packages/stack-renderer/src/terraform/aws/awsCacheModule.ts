import { serviceCapabilityTags } from '../../tags';
import { attr, blank, block, comment, expr, resource } from '../../hcl/hcl';
import type { FileTree } from '../../types';
import { awsContextData } from './awsContextData';
import { moduleFiles } from '../common/moduleFiles';
import {
  FINAL_SNAPSHOT_IDENTIFIER,
  keepFinalSnapshotName,
} from './finalSnapshot';
import { dataServiceVariables } from './dataServiceVariables';
import { kmsKey } from './kmsKey';
import { securityGroupFromApp } from './securityGroupFromApp';
import { terraformOutput } from '../common/terraformOutput';
import { terraformVariable } from '../common/terraformVariable';

/** Redis OSS engine version; 7.x is required for IAM authentication. */
export const REDIS_ENGINE_VERSION = '7.1';

const variables = [
  dataServiceVariables(),
  terraformVariable({
    name: 'node_type',
    type: 'string',
    description: 'ElastiCache node type, e.g. cache.t4g.small.',
  }),
  terraformVariable({
    name: 'high_availability',
    type: 'bool',
    description: 'Two nodes in different zones with automatic failover.',
  }),
  terraformVariable({
    name: 'snapshot_retention_days',
    type: 'number',
    description: 'Days of daily snapshots to keep.',
  }),
  terraformVariable({
    name: 'log_retention_days',
    type: 'number',
    description: 'Days to keep the slow log.',
  }),
];

const main = [
  awsContextData(),
  kmsKey({
    id: 'cache',
    description: 'Data at rest and slow log of the ${var.name} cache',
    alias: '${var.name}-cache',
    cloudwatchLogs: true,
  }),
  resource('aws_elasticache_subnet_group', 'this', [
    attr('name', expr('var.name')),
    attr('description', expr('"Private subnets of ${var.name}"')),
    attr('subnet_ids', expr('var.subnet_ids')),
  ]),
  securityGroupFromApp({
    id: 'cache',
    description: 'Redis from the application only',
    port: 6379,
  }),
  comment(
    [
      'Role-based access instead of a shared AUTH token: a user group must contain a user named',
      '"default", so that user exists but is switched off ("off"), and cannot run any command.',
    ].join('\n'),
  ),
  resource('aws_elasticache_user', 'default', [
    attr('user_id', expr('"${var.name}-default"')),
    attr('user_name', 'default'),
    attr('engine', 'redis'),
    attr('access_string', 'off -@all'),
    blank(),
    block('authentication_mode', [], [attr('type', 'no-password-required')]),
  ]),
  comment(
    [
      'The application signs in with a short-lived IAM token (elasticache:Connect on its role): no',
      'password exists anywhere. For IAM users the user ID and user name must be equal.',
    ].join('\n'),
  ),
  resource('aws_elasticache_user', 'app', [
    attr('user_id', expr('"${var.name}-app"')),
    attr('user_name', expr('"${var.name}-app"')),
    attr('engine', 'redis'),
    attr('access_string', 'on ~* +@all -@dangerous'),
    blank(),
    block('authentication_mode', [], [attr('type', 'iam')]),
  ]),
  resource('aws_elasticache_user_group', 'this', [
    attr('user_group_id', expr('var.name')),
    attr('engine', 'redis'),
    attr('user_ids', [
      expr('aws_elasticache_user.default.user_id'),
      expr('aws_elasticache_user.app.user_id'),
    ]),
  ]),
  resource('aws_cloudwatch_log_group', 'slow_log', [
    attr('name', expr('"/aws/elasticache/${var.name}/slow-log"')),
    attr('retention_in_days', expr('var.log_retention_days')),
    attr('kms_key_id', expr('aws_kms_key.cache.arn')),
  ]),
  resource('aws_elasticache_replication_group', 'this', [
    attr('replication_group_id', expr('var.name')),
    attr('tags', serviceCapabilityTags('redis')),
    attr('description', expr('"Redis of ${var.name}"')),
    attr('engine', 'redis'),
    attr('engine_version', REDIS_ENGINE_VERSION),
    attr('node_type', expr('var.node_type')),
    attr('port', 6379),
    attr('auto_minor_version_upgrade', true),
    blank(),
    comment(
      'A replica in another zone takes over automatically when the primary fails.',
    ),
    attr('num_cache_clusters', expr('var.high_availability ? 2 : 1')),
    attr('automatic_failover_enabled', expr('var.high_availability')),
    attr('multi_az_enabled', expr('var.high_availability')),
    blank(),
    attr('subnet_group_name', expr('aws_elasticache_subnet_group.this.name')),
    attr('security_group_ids', [expr('aws_security_group.cache.id')]),
    blank(),
    attr('at_rest_encryption_enabled', true),
    attr('kms_key_id', expr('aws_kms_key.cache.arn')),
    attr('transit_encryption_enabled', true),
    attr('transit_encryption_mode', 'required'),
    attr('user_group_ids', [
      expr('aws_elasticache_user_group.this.user_group_id'),
    ]),
    blank(),
    attr('snapshot_retention_limit', expr('var.snapshot_retention_days')),
    attr('snapshot_window', '03:00-04:00'),
    attr('maintenance_window', 'sun:05:00-sun:06:00'),
    attr('final_snapshot_identifier', FINAL_SNAPSHOT_IDENTIFIER),
    blank(),
    block(
      'log_delivery_configuration',
      [],
      [
        attr('destination', expr('aws_cloudwatch_log_group.slow_log.name')),
        attr('destination_type', 'cloudwatch-logs'),
        attr('log_format', 'json'),
        attr('log_type', 'slow-log'),
      ],
    ),
    blank(),
    keepFinalSnapshotName(),
  ]),
];

const outputs = [
  terraformOutput({
    name: 'endpoint',
    description:
      'Primary endpoint of the replication group (TLS on port 6379).',
    value: 'aws_elasticache_replication_group.this.primary_endpoint_address',
  }),
  terraformOutput({
    name: 'reader_endpoint',
    description: 'Reader endpoint of the replication group.',
    value: 'aws_elasticache_replication_group.this.reader_endpoint_address',
  }),
  terraformOutput({
    name: 'replication_group_arn',
    description: 'ARN of the replication group.',
    value: 'aws_elasticache_replication_group.this.arn',
  }),
  terraformOutput({
    name: 'app_user_arn',
    description: "ARN of the application's cache user.",
    value: 'aws_elasticache_user.app.arn',
  }),
  terraformOutput({
    name: 'app_user_name',
    description:
      'User name the application signs in with (IAM token as password).',
    value: 'aws_elasticache_user.app.user_name',
  }),
  terraformOutput({
    name: 'security_group_id',
    description: 'Security group of the cache.',
    value: 'aws_security_group.cache.id',
  }),
];

/** The AWS cache module: an encrypted ElastiCache for Redis OSS replication group with IAM auth. */
export function awsCacheModule(): FileTree {
  return moduleFiles({
    cloud: 'aws',
    capability: 'cache',
    variables,
    main,
    outputs,
  });
}
