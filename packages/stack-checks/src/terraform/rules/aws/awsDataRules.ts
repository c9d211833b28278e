import type { TerraformRule } from '../../types';
import { expectFalse, expectTrue, lookup } from '../ruleHelpers';

/**
 * RDS and ElastiCache. Settings that differ per environment (deletion protection, Multi-AZ) are
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
];
