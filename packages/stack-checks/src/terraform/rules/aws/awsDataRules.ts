import type { TerraformRule } from '../../types';
import {
  blocks,
  expectFalse,
  expectOneOf,
  expectPresent,
  expectTrue,
  firstFailure,
  lookup,
} from '../ruleHelpers';

/**
 * RDS, ElastiCache and MSK. Settings that differ per environment (deletion protection, Multi-AZ) are
 * expected to come from module variables, which the rules treat as unknown and pass; a literal
 * `false` (or an omission, since the provider defaults are insecure) fails.
 */
export const AWS_DATA_RULES: readonly TerraformRule[] = [
  {
    id: 'CKV_AWS_16',
    title: 'RDS storage encrypted',
    cloud: 'aws',
    resourceTypes: ['aws_db_instance'],
    check: ({ resource }) =>
      expectTrue(resource.body, 'storage_encrypted', false),
  },
  {
    id: 'CKV_AWS_17',
    title: 'RDS not publicly accessible',
    cloud: 'aws',
    resourceTypes: ['aws_db_instance'],
    check: ({ resource }) =>
      expectFalse(resource.body, 'publicly_accessible', false),
  },
  {
    id: 'CKV_AWS_293',
    title: 'RDS deletion protection',
    cloud: 'aws',
    resourceTypes: ['aws_db_instance'],
    check: ({ resource }) =>
      expectTrue(resource.body, 'deletion_protection', false),
  },
  {
    id: 'CKV_AWS_161',
    title: 'RDS IAM database authentication',
    cloud: 'aws',
    resourceTypes: ['aws_db_instance'],
    check: ({ resource }) =>
      expectTrue(resource.body, 'iam_database_authentication_enabled', false),
  },
  {
    id: 'CKV_AWS_157',
    title: 'RDS Multi-AZ',
    cloud: 'aws',
    resourceTypes: ['aws_db_instance'],
    check: ({ resource }) => expectTrue(resource.body, 'multi_az', false),
  },
  {
    id: 'CKV_AWS_29',
    title: 'ElastiCache encrypted at rest',
    cloud: 'aws',
    resourceTypes: ['aws_elasticache_replication_group'],
    // A string attribute in provider 5.x ("true"/"false"); the helpers accept both forms.
    check: ({ resource }) =>
      expectTrue(resource.body, 'at_rest_encryption_enabled', false),
  },
  {
    id: 'CKV_AWS_30',
    title: 'ElastiCache encrypted in transit',
    cloud: 'aws',
    resourceTypes: ['aws_elasticache_replication_group'],
    check: ({ resource }) =>
      expectTrue(resource.body, 'transit_encryption_enabled', false),
  },
  {
    id: 'CKV_AWS_31',
    title:
      'ElastiCache requires authentication (AUTH token or RBAC user group)',
    cloud: 'aws',
    resourceTypes: ['aws_elasticache_replication_group'],
    check: ({ resource }) => {
      const token = lookup(resource.body, 'auth_token');
      const userGroups = lookup(resource.body, 'user_group_ids');
      const present = (found: typeof token) =>
        found.state === 'unknown' ||
        (found.state === 'value' &&
          !(Array.isArray(found.value) && found.value.length === 0));
      return present(token) || present(userGroups)
        ? undefined
        : 'neither auth_token nor user_group_ids is set; expected RBAC user groups (IAM auth) or an AUTH token';
    },
  },
  {
    id: 'CKV_AWS_81',
    title: 'MSK encrypted in transit (TLS to clients and between brokers)',
    cloud: 'aws',
    resourceTypes: ['aws_msk_cluster'],
    // Without encryption_in_transit the provider defaults are TLS and in-cluster encryption.
    check: ({ resource }) =>
      firstFailure(
        expectOneOf(
          resource.body,
          'encryption_info.encryption_in_transit.client_broker',
          ['TLS'],
          'TLS',
        ),
        expectTrue(
          resource.body,
          'encryption_info.encryption_in_transit.in_cluster',
          true,
        ),
      ),
  },
  {
    id: 'SKYFORGE_AWS_MSK_CUSTOMER_KEY',
    title: 'MSK encrypted at rest with a customer managed KMS key',
    cloud: 'aws',
    resourceTypes: ['aws_msk_cluster'],
    check: ({ resource }) =>
      expectPresent(
        resource.body,
        'encryption_info.encryption_at_rest_kms_key_arn',
        "a customer managed KMS key ARN (without one MSK uses the AWS managed key, which the stack's key policy does not govern)",
      ),
  },
  {
    id: 'SKYFORGE_AWS_MSK_IAM_ONLY',
    title:
      'MSK clients sign in with IAM only (no unauthenticated or SCRAM access)',
    cloud: 'aws',
    resourceTypes: ['aws_msk_cluster'],
    check: ({ resource }) => {
      if (blocks(resource.body, 'client_authentication').length === 0)
        return 'client_authentication is not set, so clients connect unauthenticated; expected sasl { iam = true }';
      return firstFailure(
        expectTrue(resource.body, 'client_authentication.sasl.iam'),
        expectFalse(
          resource.body,
          'client_authentication.unauthenticated',
          false,
        ),
        expectFalse(resource.body, 'client_authentication.sasl.scram', false),
      );
    },
  },
  {
    id: 'CKV_AWS_80',
    title: 'MSK broker logs delivered',
    cloud: 'aws',
    resourceTypes: ['aws_msk_cluster'],
    check: ({ resource }) => {
      const brokerLogs = blocks(resource.body, 'logging_info').flatMap(info =>
        blocks(info, 'broker_logs'),
      );
      const destinations = brokerLogs.flatMap(logs =>
        ['cloudwatch_logs', 'firehose', 's3'].flatMap(name =>
          blocks(logs, name),
        ),
      );
      return destinations.some(
        destination => expectTrue(destination, 'enabled') === undefined,
      )
        ? undefined
        : 'logging_info.broker_logs delivers to no enabled destination; expected cloudwatch_logs, firehose or s3 enabled';
    },
  },
  {
    id: 'CKV_AWS_291',
    title: 'MSK brokers have no public access',
    cloud: 'aws',
    resourceTypes: ['aws_msk_cluster'],
    check: ({ resource }) =>
      expectOneOf(
        resource.body,
        'broker_node_group_info.connectivity_info.public_access.type',
        ['DISABLED'],
        'DISABLED',
      ),
  },
];
