import {
  attr,
  blank,
  block,
  comment,
  expr,
  resource,
  type HclBody,
} from '../../hcl/hcl';
import type { FileTree } from '../../types';
import { terraformOutput } from '../common/terraformOutput';
import { terraformVariable } from '../common/terraformVariable';
import { moduleFiles } from '../common/moduleFiles';
import { gcpModuleBaseVariables } from './gcpModuleBase';
import { cloudSqlInstanceCondition } from './cloudSqlInstanceCondition';
import {
  GCP_DATABASE_USER_SCRIPT,
  gcpDatabaseUserScript,
} from './gcpDatabaseUser';
import {
  GCP_DATABASE_ROLE_JOB_SCRIPT,
  gcpDatabaseRoleJobBlocks,
  gcpDatabaseRoleJobOutputs,
  gcpDatabaseRoleJobScript,
  gcpDatabaseRoleJobVariables,
} from './gcpDatabaseRoleJob';

/**
 * PostgreSQL flags: audit-friendly logging (CIS PostgreSQL on Cloud SQL), pgAudit for schema and
 * role changes, and IAM database authentication.
 */
const DATABASE_FLAGS: ReadonlyArray<{ name: string; value: string }> = [
  { name: 'cloudsql.enable_pgaudit', value: 'on' },
  { name: 'cloudsql.iam_authentication', value: 'on' },
  { name: 'log_checkpoints', value: 'on' },
  { name: 'log_connections', value: 'on' },
  { name: 'log_disconnections', value: 'on' },
  { name: 'log_lock_waits', value: 'on' },
  { name: 'log_min_messages', value: 'warning' },
  { name: 'log_temp_files', value: '0' },
  { name: 'pgaudit.log', value: 'ddl,role' },
];

function databaseFlags(): HclBody {
  return DATABASE_FLAGS.map(flag =>
    block(
      'database_flags',
      [],
      [attr('name', flag.name), attr('value', flag.value)],
    ),
  );
}

/**
 * The database module: Cloud SQL for PostgreSQL 16 on a private IP only, TLS required, backups
 * with point-in-time recovery, and the application's service account as an IAM database user.
 */
export function gcpDatabaseModule(): FileTree {
  const variables = [
    gcpModuleBaseVariables(),
    terraformVariable({
      name: 'network_id',
      type: 'string',
      description: 'ID of the VPC network the instance is reachable from.',
    }),
    terraformVariable({
      name: 'private_services_range_name',
      type: 'string',
      description:
        'Private services access range the instance takes its address from.',
    }),
    terraformVariable({
      name: 'tier',
      type: 'string',
      description: 'Machine tier, e.g. db-custom-2-7680.',
    }),
    terraformVariable({
      name: 'disk_size_gb',
      type: 'number',
      description: 'Initial disk size; the disk grows automatically.',
    }),
    terraformVariable({
      name: 'high_availability',
      type: 'bool',
      description:
        'Standby in a second zone with automatic failover (REGIONAL availability).',
    }),
    terraformVariable({
      name: 'deletion_protection',
      type: 'bool',
      description: 'Refuse to delete the instance.',
    }),
    terraformVariable({
      name: 'backup_retention_days',
      type: 'number',
      description: 'Daily backups kept.',
    }),
    terraformVariable({
      name: 'database_name',
      type: 'string',
      description: 'Database of the application.',
    }),
    terraformVariable({
      name: 'app_service_account_email',
      type: 'string',
      description:
        'Service account of the application, created as an IAM database user.',
    }),
    gcpDatabaseRoleJobVariables(),
  ];

  const instance = resource('google_sql_database_instance', 'this', [
    attr('project', expr('var.project_id')),
    attr('region', expr('var.region')),
    attr('name', expr('"${var.name}-postgres"')),
    attr('database_version', 'POSTGRES_16'),
    attr('deletion_protection', expr('var.deletion_protection')),
    blank(),
    comment(
      [
        'Encrypted at rest with a Google-managed key. A customer-managed key would need the Cloud SQL',
        'service agent, which only the google-beta provider can create before the first instance.',
      ].join('\n'),
    ),
    block(
      'settings',
      [],
      [
        comment(
          'PostgreSQL 16 defaults to Enterprise Plus, which has no custom (db-custom-*) tiers.',
        ),
        attr('edition', 'ENTERPRISE'),
        attr('tier', expr('var.tier')),
        attr(
          'availability_type',
          expr('var.high_availability ? "REGIONAL" : "ZONAL"'),
        ),
        attr('deletion_protection_enabled', expr('var.deletion_protection')),
        attr('disk_type', 'PD_SSD'),
        attr('disk_size', expr('var.disk_size_gb')),
        attr('disk_autoresize', true),
        attr('user_labels', expr('var.labels')),
        blank(),
        comment(
          'Private IP only (CKV_GCP_60); clients must use TLS (CKV_GCP_6).',
        ),
        block(
          'ip_configuration',
          [],
          [
            attr('ipv4_enabled', false),
            attr('private_network', expr('var.network_id')),
            attr('allocated_ip_range', expr('var.private_services_range_name')),
            attr('ssl_mode', 'ENCRYPTED_ONLY'),
          ],
        ),
        blank(),
        block(
          'backup_configuration',
          [],
          [
            attr('enabled', true),
            attr('start_time', '02:00'),
            attr('point_in_time_recovery_enabled', true),
            comment(
              'Write-ahead logs for point-in-time recovery; Enterprise edition keeps at most 7 days.',
            ),
            attr(
              'transaction_log_retention_days',
              expr('min(7, var.backup_retention_days)'),
            ),
            block(
              'backup_retention_settings',
              [],
              [
                attr('retained_backups', expr('var.backup_retention_days')),
                attr('retention_unit', 'COUNT'),
              ],
            ),
          ],
        ),
        blank(),
        block(
          'maintenance_window',
          [],
          [attr('day', 7), attr('hour', 3), attr('update_track', 'stable')],
        ),
        blank(),
        block(
          'insights_config',
          [],
          [
            attr('query_insights_enabled', true),
            attr('record_client_address', false),
          ],
        ),
        blank(),
        comment(
          [
            'IAM database authentication, so no password exists anywhere; connection and lock logging;',
            'pgAudit records DDL and role changes once `CREATE EXTENSION pgaudit` ran in the database',
            '(docs/operations.md).',
          ].join('\n'),
        ),
        databaseFlags(),
      ],
    ),
  ]);

  const main = [
    instance,
    resource('google_sql_database', 'app', [
      attr('project', expr('var.project_id')),
      attr('instance', expr('google_sql_database_instance.this.name')),
      attr('name', expr('var.database_name')),
    ]),
    comment(
      [
        'The application signs in with its Google identity (Cloud SQL connectors with IAM auth). A new',
        'IAM user owns nothing: make database-user (app_role.sql) grants it its database and schema.',
      ].join('\n'),
    ),
    resource('google_sql_user', 'app', [
      attr('project', expr('var.project_id')),
      attr('instance', expr('google_sql_database_instance.this.name')),
      attr(
        'name',
        expr(
          'trimsuffix(var.app_service_account_email, ".gserviceaccount.com")',
        ),
      ),
      attr('type', 'CLOUD_IAM_SERVICE_ACCOUNT'),
    ]),
    comment(
      'Connect and sign in, limited to this instance by an IAM condition.',
    ),
    resource('google_project_iam_member', 'app', [
      attr(
        'for_each',
        expr('toset(["roles/cloudsql.client", "roles/cloudsql.instanceUser"])'),
      ),
      blank(),
      attr('project', expr('var.project_id')),
      attr('role', expr('each.value')),
      attr('member', expr('"serviceAccount:${var.app_service_account_email}"')),
      blank(),
      cloudSqlInstanceCondition(),
    ]),
    gcpDatabaseRoleJobBlocks(),
  ];

  const outputs = [
    terraformOutput({
      name: 'instance_name',
      description: 'Name of the Cloud SQL instance.',
      value: 'google_sql_database_instance.this.name',
    }),
    terraformOutput({
      name: 'connection_name',
      description:
        'project:region:instance, for the Cloud SQL connectors and Auth Proxy.',
      value: 'google_sql_database_instance.this.connection_name',
    }),
    terraformOutput({
      name: 'private_ip_address',
      description: 'Private IP address of the instance.',
      value: 'google_sql_database_instance.this.private_ip_address',
    }),
    terraformOutput({
      name: 'database_name',
      description: 'Database of the application.',
      value: 'google_sql_database.app.name',
    }),
    terraformOutput({
      name: 'iam_user',
      description: 'Database user of the application.',
      value: 'google_sql_user.app.name',
    }),
    gcpDatabaseRoleJobOutputs(),
  ];

  return {
    ...moduleFiles({
      cloud: 'gcp',
      capability: 'database',
      variables,
      main,
      outputs,
    }),
    [GCP_DATABASE_USER_SCRIPT]: gcpDatabaseUserScript(),
    [GCP_DATABASE_ROLE_JOB_SCRIPT]: gcpDatabaseRoleJobScript(),
  };
}
