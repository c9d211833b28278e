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
import {
  AWS_DATABASE_USER_SCRIPT,
  awsDatabaseUserScript,
} from './awsDatabaseUser';
import { securityGroupFromApp } from './securityGroupFromApp';
import { terraformOutput } from '../common/terraformOutput';
import { terraformVariable } from '../common/terraformVariable';

/** PostgreSQL major version of every rendered database. */
export const POSTGRES_MAJOR_VERSION = '16';

const variables = [
  dataServiceVariables(),
  terraformVariable({
    name: 'instance_class',
    type: 'string',
    description: 'RDS instance class, e.g. db.t4g.medium.',
  }),
  terraformVariable({
    name: 'allocated_storage',
    type: 'number',
    description:
      'Initial storage in GiB; storage autoscaling may grow it to twice this size.',
  }),
  terraformVariable({
    name: 'multi_az',
    type: 'bool',
    description:
      'Run a synchronous standby in another zone with automatic failover.',
  }),
  terraformVariable({
    name: 'deletion_protection',
    type: 'bool',
    description:
      'Refuse to delete the instance, and take a final snapshot when it is deleted.',
  }),
  terraformVariable({
    name: 'backup_retention_days',
    type: 'number',
    description: 'Days of automated backups (point-in-time recovery window).',
    validations: [
      {
        condition:
          'var.backup_retention_days >= 7 && var.backup_retention_days <= 35',
        message: 'backup_retention_days must be between 7 and 35.',
      },
    ],
  }),
  terraformVariable({
    name: 'log_retention_days',
    type: 'number',
    description: 'Days to keep exported PostgreSQL logs.',
  }),
  terraformVariable({
    name: 'database_name',
    type: 'string',
    description: 'Name of the database created with the instance.',
  }),
  terraformVariable({
    name: 'app_user',
    type: 'string',
    description:
      'Database user of the application, which signs in with IAM authentication.',
  }),
];

const main = [
  awsContextData(),
  kmsKey({
    id: 'database',
    description:
      'Storage, secrets, Performance Insights and logs of the ${var.name} database',
    alias: '${var.name}-database',
    cloudwatchLogs: true,
  }),
  resource('aws_db_subnet_group', 'this', [
    attr('name', expr('var.name')),
    attr('description', expr('"Private subnets of ${var.name}"')),
    attr('subnet_ids', expr('var.subnet_ids')),
  ]),
  securityGroupFromApp({
    id: 'database',
    description: 'PostgreSQL from the application only',
    port: 5432,
  }),
  resource('aws_db_parameter_group', 'this', [
    attr(
      'name_prefix',
      expr(`"\${var.name}-postgres${POSTGRES_MAJOR_VERSION}-"`),
    ),
    attr('family', `postgres${POSTGRES_MAJOR_VERSION}`),
    attr('description', expr('"PostgreSQL settings of ${var.name}"')),
    blank(),
    comment('Refuse unencrypted connections (CKV2_AWS_69).'),
    block('parameter', [], [attr('name', 'rds.force_ssl'), attr('value', '1')]),
    blank(),
    comment('Connection logging, for audits and for finding connection leaks.'),
    block(
      'parameter',
      [],
      [attr('name', 'log_connections'), attr('value', '1')],
    ),
    block(
      'parameter',
      [],
      [attr('name', 'log_disconnections'), attr('value', '1')],
    ),
    blank(),
    block('lifecycle', [], [attr('create_before_destroy', true)]),
  ]),
  comment(
    'RDS would create these on first export, without retention or KMS; creating them first sets both.',
  ),
  resource('aws_cloudwatch_log_group', 'database', [
    attr('for_each', expr('toset(["postgresql", "upgrade"])')),
    blank(),
    attr('name', expr('"/aws/rds/instance/${var.name}/${each.value}"')),
    attr('retention_in_days', expr('var.log_retention_days')),
    attr('kms_key_id', expr('aws_kms_key.database.arn')),
  ]),
  resource('aws_db_instance', 'this', [
    attr('identifier', expr('var.name')),
    attr('tags', serviceCapabilityTags('postgres')),
    attr('engine', 'postgres'),
    comment(
      'Major version only: minor versions arrive through auto_minor_version_upgrade.',
    ),
    attr('engine_version', POSTGRES_MAJOR_VERSION),
    attr('auto_minor_version_upgrade', true),
    attr('allow_major_version_upgrade', false),
    attr('instance_class', expr('var.instance_class')),
    attr('parameter_group_name', expr('aws_db_parameter_group.this.name')),
    attr('ca_cert_identifier', 'rds-ca-rsa2048-g1'),
    blank(),
    attr('allocated_storage', expr('var.allocated_storage')),
    attr('max_allocated_storage', expr('var.allocated_storage * 2')),
    attr('storage_type', 'gp3'),
    attr('storage_encrypted', true),
    attr('kms_key_id', expr('aws_kms_key.database.arn')),
    blank(),
    attr('db_name', expr('var.database_name')),
    attr('username', 'postgres_admin'),
    comment(
      [
        'RDS generates the master password and keeps it in Secrets Manager (rotated, KMS-encrypted):',
        'it never appears in Terraform state, variables or files. The application does not use it;',
        'it signs in as var.app_user with an IAM token.',
      ].join('\n'),
    ),
    attr('manage_master_user_password', true),
    attr('master_user_secret_kms_key_id', expr('aws_kms_key.database.arn')),
    attr('iam_database_authentication_enabled', true),
    blank(),
    attr('db_subnet_group_name', expr('aws_db_subnet_group.this.name')),
    attr('vpc_security_group_ids', [expr('aws_security_group.database.id')]),
    attr('publicly_accessible', false),
    attr('multi_az', expr('var.multi_az')),
    blank(),
    attr('backup_retention_period', expr('var.backup_retention_days')),
    attr('backup_window', '03:00-04:00'),
    attr('maintenance_window', 'sun:04:30-sun:05:30'),
    attr('copy_tags_to_snapshot', true),
    attr('delete_automated_backups', false),
    attr('deletion_protection', expr('var.deletion_protection')),
    attr('skip_final_snapshot', expr('!var.deletion_protection')),
    attr('final_snapshot_identifier', FINAL_SNAPSHOT_IDENTIFIER),
    blank(),
    attr('performance_insights_enabled', true),
    attr('performance_insights_kms_key_id', expr('aws_kms_key.database.arn')),
    attr('performance_insights_retention_period', 7),
    attr('enabled_cloudwatch_logs_exports', ['postgresql', 'upgrade']),
    blank(),
    attr('depends_on', [expr('aws_cloudwatch_log_group.database')]),
    blank(),
    keepFinalSnapshotName(),
  ]),
];

const outputs = [
  terraformOutput({
    name: 'endpoint',
    description: 'Host name of the database.',
    value: 'aws_db_instance.this.address',
  }),
  terraformOutput({
    name: 'port',
    description: 'Port of the database.',
    value: 'aws_db_instance.this.port',
  }),
  terraformOutput({
    name: 'database_name',
    description: 'Name of the application database.',
    value: 'aws_db_instance.this.db_name',
  }),
  terraformOutput({
    name: 'identifier',
    description:
      'Identifier of the instance, watched by the monitoring module (its event subscription needs the instance to exist).',
    value: 'aws_db_instance.this.identifier',
  }),
  terraformOutput({
    name: 'resource_id',
    description: 'Resource ID of the instance, part of the rds-db:connect ARN.',
    value: 'aws_db_instance.this.resource_id',
  }),
  terraformOutput({
    name: 'app_user',
    description:
      'IAM-authenticated user of the application; make database-user creates it (app_user.sql).',
    value: 'var.app_user',
  }),
  terraformOutput({
    name: 'master_user_secret_arn',
    description:
      'Secrets Manager secret holding the master credentials (for break-glass access only).',
    value: 'aws_db_instance.this.master_user_secret[0].secret_arn',
  }),
  terraformOutput({
    name: 'security_group_id',
    description: 'Security group of the database.',
    value: 'aws_security_group.database.id',
  }),
];

/** The AWS database module: RDS for PostgreSQL with IAM authentication and a managed master secret. */
export function awsDatabaseModule(): FileTree {
  return {
    ...moduleFiles({
      cloud: 'aws',
      capability: 'database',
      variables,
      main,
      outputs,
    }),
    [AWS_DATABASE_USER_SCRIPT]: awsDatabaseUserScript(),
  };
}
