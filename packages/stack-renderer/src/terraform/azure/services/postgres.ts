import { attr, blank, comment, expr } from '../../../hcl/hcl';
import { planRun } from '../../common/terraformTestFile';
import { terraformOutput } from '../../common/terraformOutput';
import { variableRef, type RootVariable } from '../../common/rootVariable';
import { databaseCostLines } from '../../../cost/databaseCostLines';
import type { EnvironmentPlan } from '../../../plan/environmentPlan';
import {
  plannedDatabase,
  type PlannedDatabase,
} from '../../../plan/plannedDatabase';
import { azureDatabaseModule, postgresStorageMb } from '../azureDatabaseModule';
import { azureGlobalName, type AzureGlobalName } from '../azureResourceNames';
import {
  azureAppModule,
  azureNameRule,
  type AzureService,
} from '../azureService';
import { AZURE_TEST_IDS } from '../azureTestIds';
import { runsKubernetes } from '../../../spec/computeTarget';

const SERVER_NAME: AzureGlobalName = {
  style: 'label',
  kind: 'postgres',
  marker: 'pg',
  maxLength: 63,
};

/** Flexible Server takes one of a fixed list of sizes and bills the one it provisions. */
function azureDatabase(plan: EnvironmentPlan): PlannedDatabase {
  return plannedDatabase(
    plan,
    postgresStorageMb(plan.preset.database.storageGb) / 1024,
  );
}

/**
 * PostgreSQL on Azure: a Flexible Server in a delegated subnet (VNet integration), Entra
 * authentication only, the admin group (or CI) as its Entra administrator.
 */
export const azurePostgres: AzureService = {
  id: 'postgres',
  module: () => azureDatabaseModule(),
  cost: { lines: plan => databaseCostLines(plan, azureDatabase(plan)) },
  root: context => {
    const { spec, environment, resolved } = context;
    const app = azureAppModule(context);
    // No cluster for make database-user's psql pod: a Container Apps job of the module runs app_role.sql.
    const roleJob = !runsKubernetes(resolved);
    const database = azureDatabase(resolved);
    const serverName: RootVariable = {
      name: 'postgres_server_name',
      type: 'string',
      description: 'Globally unique PostgreSQL server name.',
      value: azureGlobalName({ spec, environment, name: SERVER_NAME }),
      validations: [
        azureNameRule(
          'postgres_server_name',
          '^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$',
          '3 to 63 lowercase letters, digits and hyphens',
        ),
      ],
    };
    const skuName: RootVariable = {
      name: 'postgres_sku_name',
      type: 'string',
      description: 'Compute SKU of PostgreSQL, e.g. GP_Standard_D2ds_v5.',
      value: database.tier,
      validations: [
        azureNameRule(
          'postgres_sku_name',
          '^(B|GP|MO)_Standard_',
          'a Flexible Server SKU (B_, GP_ or MO_Standard_...)',
        ),
      ],
    };
    const storageMb: RootVariable = {
      name: 'postgres_storage_mb',
      type: 'number',
      description: 'Initial PostgreSQL storage in MiB.',
      value: database.storageGb * 1024,
    };
    const geoRedundantBackup: RootVariable = {
      name: 'postgres_geo_redundant_backup',
      type: 'bool',
      description: 'Copy PostgreSQL backups to the paired region.',
      value: environment === 'prod',
    };
    return {
      variables: [serverName, skuName, storageMb, geoRedundantBackup],
      arguments: [
        attr('server_name', variableRef(serverName)),
        attr('sku_name', variableRef(skuName)),
        attr('storage_mb', variableRef(storageMb)),
        attr('subnet_id', expr('module.network.postgres_subnet_id')),
        attr(
          'private_dns_zone_id',
          expr('module.network.private_dns_zone_ids["postgres"]'),
        ),
        attr('backup_retention_days', expr('var.backup_retention_days')),
        attr('geo_redundant_backup_enabled', variableRef(geoRedundantBackup)),
        attr('high_availability', expr('var.high_availability')),
        attr('deletion_protection', expr('var.deletion_protection')),
        attr(
          'log_analytics_workspace_id',
          expr(`module.${app}.log_analytics_workspace_id`),
        ),
        attr('entra_administrator', expr('local.postgres_administrator')),
        attr(
          'ci_administrator',
          expr(
            'var.admin_group == null ? null : {\n    object_id      = data.azurerm_user_assigned_identity.deploy.principal_id\n    principal_name = data.azurerm_user_assigned_identity.deploy.name\n  }',
          ),
        ),
        attr('database_name', expr('local.app_name')),
        roleJob && [
          attr('role_job', true),
          attr('role_job_environment_id', expr(`module.${app}.environment_id`)),
          spec.spec.services.registry &&
            attr(
              'role_job_registry',
              expr(
                '{\n    id           = module.registry.registry_id\n    login_server = module.registry.login_server\n  }',
              ),
            ),
          attr(
            'app_identity',
            expr(
              `{\n    name         = module.${app}.app_identity_name\n    principal_id = module.${app}.app_identity_principal_id\n  }`,
            ),
          ),
        ],
      ],
      outputs: [
        terraformOutput({
          name: 'database_endpoint',
          description: 'Private host name of PostgreSQL.',
          value: 'module.database.fqdn',
        }),
        terraformOutput({
          name: 'database_name',
          description: 'Database of the application.',
          value: 'module.database.database_name',
        }),
        terraformOutput({
          name: 'app_identity_name',
          description:
            'Name of the application identity: its PostgreSQL role (make database-user creates it).',
          value: `module.${app}.app_identity_name`,
        }),
        terraformOutput({
          name: 'app_identity_principal_id',
          description:
            'Object ID of the application identity, for its PostgreSQL role.',
          value: `module.${app}.app_identity_principal_id`,
        }),
        terraformOutput({
          name: 'database_ci_administrator',
          description:
            "Entra administrator make database-user signs in as: this environment's CI identity.",
          value: 'data.azurerm_user_assigned_identity.deploy.name',
        }),
        roleJob &&
          terraformOutput({
            name: 'database_role_job',
            description:
              "Container Apps job that creates the application's database role and grants (make database-user).",
            value: 'module.database.role_job_name',
          }),
      ],
    };
  },
  locals: [
    blank(),
    comment(
      [
        'The PostgreSQL Entra administrator: the admin group (required in prod), or without one the',
        'CI identity. Never the application, which gets an ordinary role (docs/operations.md).',
      ].join('\n'),
    ),
    attr(
      'postgres_administrator',
      expr(
        'var.admin_group != null ? {\n    object_id      = var.admin_group.object_id\n    principal_name = var.admin_group.display_name\n    principal_type = "Group"\n    } : {\n    object_id      = data.azurerm_user_assigned_identity.deploy.principal_id\n    principal_name = data.azurerm_user_assigned_identity.deploy.name\n    principal_type = "ServicePrincipal"\n  }',
      ),
    ),
  ],
  globalName: SERVER_NAME,
  network: {
    // Flexible Server with VNet integration takes a zone whose name ends in
    // .postgres.database.azure.com; privatelink.* is reserved for private endpoints.
    dnsZone: {
      key: 'postgres',
      name: '${var.name_prefix}.private.postgres.database.azure.com',
    },
    postgresSubnet: true,
  },
  resourceProviders: ['Microsoft.DBforPostgreSQL'],
  environmentTests: ({ spec, environment }) => [
    planRun({
      name: 'the_admin_group_administers_the_database',
      why: 'The application identity gets an ordinary role, never the Entra administrator.',
      variables: {
        admin_group: {
          object_id: AZURE_TEST_IDS.adminGroup,
          display_name: `${spec.metadata.name}-admins`,
        },
      },
      asserts: [
        {
          condition: `module.database.administrator_object_id == "${AZURE_TEST_IDS.adminGroup}"`,
          message:
            'With an admin group, the group must be the PostgreSQL Entra administrator.',
        },
      ],
    }),
    // In prod the admin group is required (the root's own test says so).
    environment !== 'prod' &&
      planRun({
        name: 'without_an_admin_group_ci_administers_the_database',
        why: 'Outside prod the admin group is optional; the CI identity, not the application, then administers the database.',
        variables: { admin_group: expr('null') },
        asserts: [
          {
            condition: `module.database.administrator_object_id == "${AZURE_TEST_IDS.deployPrincipal}"`,
            message:
              'Without an admin group, the CI identity (never the application) must be the PostgreSQL administrator.',
          },
        ],
      }),
  ],
  variables: [
    {
      name: 'DATABASE_HOST',
      output: 'database_endpoint',
      description: 'Private host name of the flexible server (TLS on 5432).',
    },
    {
      name: 'DATABASE_NAME',
      output: 'database_name',
      description: 'Database of the application.',
    },
    {
      name: 'DATABASE_USER',
      output: 'app_identity_name',
      description:
        'Entra role of the workload identity; the password is an Entra access token for https://ossrdbms-aad.database.windows.net.',
    },
  ],
};
