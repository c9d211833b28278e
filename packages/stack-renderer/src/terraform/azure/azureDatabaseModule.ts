import {
  attr,
  blank,
  block,
  comment,
  data,
  expr,
  resource,
  type HclBody,
} from '../../hcl/hcl';
import type { FileTree } from '../../types';
import { terraformOutput } from '../common/terraformOutput';
import { terraformVariable } from '../common/terraformVariable';
import { commonModuleVariables, placement } from './azureHclBlocks';
import { moduleFiles } from '../common/moduleFiles';
import {
  AZURE_DATABASE_USER_SCRIPT,
  azureDatabaseUserScript,
} from './azureDatabaseUser';
import {
  AZURE_DATABASE_ROLE_JOB_SCRIPT,
  azureDatabaseRoleJobBlocks,
  azureDatabaseRoleJobOutputs,
  azureDatabaseRoleJobScript,
  azureDatabaseRoleJobVariables,
} from './azureDatabaseRoleJob';

/** Storage sizes PostgreSQL Flexible Server accepts, in MiB. */
export const POSTGRES_STORAGE_SIZES_MB = [
  32768, 65536, 131072, 262144, 524288, 1048576, 2097152, 4193280, 4194304,
  8388608, 16777216, 33553408,
];

/** The smallest accepted storage size holding `gigabytes`. */
export function postgresStorageMb(gigabytes: number): number {
  const wanted = gigabytes * 1024;
  return (
    POSTGRES_STORAGE_SIZES_MB.find(size => size >= wanted) ??
    POSTGRES_STORAGE_SIZES_MB[POSTGRES_STORAGE_SIZES_MB.length - 1]
  );
}

/** Server parameters that make every connection encrypted and leave an audit trail. */
const SERVER_PARAMETERS: Record<string, string> = {
  require_secure_transport: 'on',
  ssl_min_protocol_version: 'TLSv1.2',
  log_connections: 'on',
  log_disconnections: 'on',
  log_checkpoints: 'on',
  log_lock_waits: 'on',
  log_min_duration_statement: '1000',
  'connection_throttle.enable': 'on',
};

function main(): HclBody {
  return [
    data('azurerm_client_config', 'current', []),
    comment(
      'PostgreSQL 16 injected into its delegated subnet: it has no public endpoint at all, and\n' +
        'resolves through the private DNS zone linked to the VNet. Only Entra ID tokens are accepted,\n' +
        'so no administrator password exists, in Terraform state or anywhere else.',
    ),
    resource('azurerm_postgresql_flexible_server', 'this', [
      attr('name', expr('var.server_name')),
      placement(),
      attr('version', '16'),
      attr('sku_name', expr('var.sku_name')),
      attr('storage_mb', expr('var.storage_mb')),
      attr('auto_grow_enabled', true),
      attr('zone', '1'),
      attr('delegated_subnet_id', expr('var.subnet_id')),
      attr('private_dns_zone_id', expr('var.private_dns_zone_id')),
      attr('public_network_access_enabled', false),
      block(
        'authentication',
        [],
        [
          attr('active_directory_auth_enabled', true),
          attr('password_auth_enabled', false),
          attr(
            'tenant_id',
            expr('data.azurerm_client_config.current.tenant_id'),
          ),
        ],
      ),
      attr('backup_retention_days', expr('var.backup_retention_days')),
      attr(
        'geo_redundant_backup_enabled',
        expr('var.geo_redundant_backup_enabled'),
      ),
      comment(
        'A synchronous standby in another zone where the environment pays for availability.',
      ),
      block(
        'dynamic',
        ['high_availability'],
        [
          attr('for_each', expr('var.high_availability ? [1] : []')),
          block(
            'content',
            [],
            [
              attr('mode', 'ZoneRedundant'),
              attr('standby_availability_zone', '2'),
            ],
          ),
        ],
      ),
      block(
        'maintenance_window',
        [],
        [
          attr('day_of_week', 0),
          attr('start_hour', 3),
          attr('start_minute', 0),
        ],
      ),
      attr('tags', expr('var.tags')),
      block(
        'lifecycle',
        [],
        [
          comment(
            'A failover swaps the primary and standby zones; that is not drift.',
          ),
          attr('ignore_changes', [
            expr('zone'),
            expr('high_availability[0].standby_availability_zone'),
          ]),
        ],
      ),
    ]),
    block('locals', [], [attr('server_parameters', SERVER_PARAMETERS)]),
    comment(
      'TLS 1.2+ on every connection, and connection and slow-query logging.',
    ),
    resource('azurerm_postgresql_flexible_server_configuration', 'this', [
      attr('for_each', expr('local.server_parameters')),
      attr('name', expr('each.key')),
      attr('server_id', expr('azurerm_postgresql_flexible_server.this.id')),
      attr('value', expr('each.value')),
    ]),
    comment(
      'The Entra administrator: people (the admin group) or CI, never the application. The application\n' +
        'signs in as an ordinary role that CI creates (make database-user, app_role.sql).',
    ),
    resource(
      'azurerm_postgresql_flexible_server_active_directory_administrator',
      'this',
      [
        attr(
          'server_name',
          expr('azurerm_postgresql_flexible_server.this.name'),
        ),
        attr('resource_group_name', expr('var.resource_group_name')),
        attr('tenant_id', expr('data.azurerm_client_config.current.tenant_id')),
        attr('object_id', expr('var.entra_administrator.object_id')),
        attr('principal_name', expr('var.entra_administrator.principal_name')),
        attr('principal_type', expr('var.entra_administrator.principal_type')),
      ],
    ),
    comment(
      "This environment's CI identity is an Entra administrator too when people are the first one:\n" +
        "make database-user signs in as it to create the application's role. It already manages\n" +
        'every resource of this environment (and of no other), so this reaches no further.',
    ),
    resource(
      'azurerm_postgresql_flexible_server_active_directory_administrator',
      'ci',
      [
        attr('count', expr('var.ci_administrator == null ? 0 : 1')),
        blank(),
        attr(
          'server_name',
          expr('azurerm_postgresql_flexible_server.this.name'),
        ),
        attr('resource_group_name', expr('var.resource_group_name')),
        attr('tenant_id', expr('data.azurerm_client_config.current.tenant_id')),
        attr('object_id', expr('var.ci_administrator.object_id')),
        attr('principal_name', expr('var.ci_administrator.principal_name')),
        attr('principal_type', 'ServicePrincipal'),
      ],
    ),
    ...azureDatabaseRoleJobBlocks(),
    comment("The application's database; its role gets privileges here only."),
    resource('azurerm_postgresql_flexible_server_database', 'app', [
      attr('name', expr('var.database_name')),
      attr('server_id', expr('azurerm_postgresql_flexible_server.this.id')),
      attr('charset', 'UTF8'),
      attr('collation', 'en_US.utf8'),
    ]),
    comment(
      'Server logs (connections, slow queries, errors) go to the workspace.',
    ),
    resource('azurerm_monitor_diagnostic_setting', 'this', [
      attr('name', 'postgres-logs'),
      attr(
        'target_resource_id',
        expr('azurerm_postgresql_flexible_server.this.id'),
      ),
      attr(
        'log_analytics_workspace_id',
        expr('var.log_analytics_workspace_id'),
      ),
      block('enabled_log', [], [attr('category_group', 'allLogs')]),
      block('enabled_metric', [], [attr('category', 'AllMetrics')]),
    ]),
    comment(
      'Deletion protection: the server cannot be deleted while the lock exists.',
    ),
    resource('azurerm_management_lock', 'this', [
      attr('count', expr('var.deletion_protection ? 1 : 0')),
      attr('name', 'do-not-delete'),
      attr('scope', expr('azurerm_postgresql_flexible_server.this.id')),
      attr('lock_level', 'CanNotDelete'),
      attr(
        'notes',
        'Production database: remove this lock deliberately before deleting the server.',
      ),
    ]),
  ];
}

function variables(): HclBody {
  return [
    commonModuleVariables(),
    terraformVariable({
      name: 'server_name',
      type: 'string',
      description: 'Globally unique server name (it is a DNS label).',
    }),
    terraformVariable({
      name: 'sku_name',
      type: 'string',
      description: 'Compute SKU, e.g. GP_Standard_D2ds_v5.',
    }),
    terraformVariable({
      name: 'storage_mb',
      type: 'number',
      description: 'Initial storage in MiB; it grows automatically.',
      validations: [
        {
          condition: `contains([${POSTGRES_STORAGE_SIZES_MB.join(
            ', ',
          )}], var.storage_mb)`,
          message:
            'storage_mb must be one of the sizes PostgreSQL Flexible Server offers.',
        },
      ],
    }),
    terraformVariable({
      name: 'subnet_id',
      type: 'string',
      description: 'Subnet delegated to PostgreSQL Flexible Server.',
    }),
    terraformVariable({
      name: 'private_dns_zone_id',
      type: 'string',
      description:
        'Private DNS zone (*.postgres.database.azure.com) linked to the VNet.',
    }),
    terraformVariable({
      name: 'backup_retention_days',
      type: 'number',
      description: 'Days of point-in-time restore.',
      validations: [
        {
          condition:
            'var.backup_retention_days >= 7 && var.backup_retention_days <= 35',
          message: 'backup_retention_days must be between 7 and 35.',
        },
      ],
    }),
    terraformVariable({
      name: 'geo_redundant_backup_enabled',
      type: 'bool',
      description: 'Copy backups to the paired region.',
    }),
    terraformVariable({
      name: 'high_availability',
      type: 'bool',
      description: 'Zone-redundant standby.',
    }),
    terraformVariable({
      name: 'deletion_protection',
      type: 'bool',
      description: 'Lock the server against deletion.',
    }),
    terraformVariable({
      name: 'entra_administrator',
      type: 'object({\n    object_id      = string\n    principal_name = string\n    principal_type = string\n  })',
      description:
        'The Entra administrator of the server: a group (recommended) or a service principal, never the application identity.',
      validations: [
        {
          condition:
            'contains(["Group", "ServicePrincipal", "User"], var.entra_administrator.principal_type)',
          message:
            'entra_administrator.principal_type must be Group, ServicePrincipal or User.',
        },
      ],
    }),
    terraformVariable({
      name: 'ci_administrator',
      type: 'object({\n    object_id      = string\n    principal_name = string\n  })',
      description:
        "This environment's CI identity as a second Entra administrator (null when it is already entra_administrator).",
      default: expr('null'),
    }),
    terraformVariable({
      name: 'database_name',
      type: 'string',
      description: 'Database of the application.',
    }),
    terraformVariable({
      name: 'log_analytics_workspace_id',
      type: 'string',
      description: 'Workspace receiving the server logs.',
    }),
    ...azureDatabaseRoleJobVariables(),
  ];
}

function outputs(): HclBody {
  return [
    terraformOutput({
      name: 'fqdn',
      description: 'Private host name of the server.',
      value: 'azurerm_postgresql_flexible_server.this.fqdn',
    }),
    terraformOutput({
      name: 'server_id',
      description: 'ID of the server.',
      value: 'azurerm_postgresql_flexible_server.this.id',
    }),
    terraformOutput({
      name: 'database_name',
      description: 'Database of the application.',
      value: 'azurerm_postgresql_flexible_server_database.app.name',
    }),
    terraformOutput({
      name: 'administrator_object_id',
      description:
        'Object ID of the Entra administrator (never the application).',
      value:
        'azurerm_postgresql_flexible_server_active_directory_administrator.this.object_id',
    }),
    ...azureDatabaseRoleJobOutputs(),
  ];
}

/** `infra/modules/database/azure`: PostgreSQL Flexible Server, private and Entra-only. */
export function azureDatabaseModule(): FileTree {
  return {
    ...moduleFiles({
      cloud: 'azure',
      capability: 'database',
      description:
        'PostgreSQL Flexible Server of one environment: VNet-integrated, Entra ID authentication only.',
      variables: variables(),
      main: main(),
      outputs: outputs(),
    }),
    [AZURE_DATABASE_USER_SCRIPT]: azureDatabaseUserScript(),
    [AZURE_DATABASE_ROLE_JOB_SCRIPT]: azureDatabaseRoleJobScript(),
  };
}
