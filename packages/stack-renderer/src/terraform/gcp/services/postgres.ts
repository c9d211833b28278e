import { serviceCapabilityTags } from '../../../tags';
import { attr, expr } from '../../../hcl/hcl';
import { variableRef, type RootVariable } from '../../common/rootVariable';
import { terraformOutput } from '../../common/terraformOutput';
import { databaseCostLines } from '../../../cost/databaseCostLines';
import { plannedDatabase } from '../../../plan/plannedDatabase';
import { gcpDatabaseModule } from '../gcpDatabaseModule';
import { gcpModuleBaseArguments } from '../gcpModuleBase';
import type { GcpService } from '../gcpService';
import { gcpAppServiceAccountEmail } from '../gcpAppServiceAccount';
import { runsKubernetes } from '../../../spec/computeTarget';
import { gcpDatabaseRoleJobServiceAccountId } from '../../../naming';

/** PostgreSQL on GCP: Cloud SQL with a private IP and IAM database authentication. */
export const gcpPostgres: GcpService = {
  id: 'postgres',
  module: () => gcpDatabaseModule(),
  cost: { lines: plan => databaseCostLines(plan, plannedDatabase(plan)) },
  root: ({ spec, environment, resolved }) => {
    const planned = plannedDatabase(resolved);
    // No cluster for make database-user's psql pod: the module's database role job (a Cloud Run job) creates the role.
    const roleJob = !runsKubernetes(resolved);
    const database: RootVariable = {
      name: 'database',
      type: 'object({\n    tier         = string\n    disk_size_gb = number\n  })',
      description: 'Cloud SQL machine tier and initial disk size.',
      value: {
        tier: planned.tier,
        disk_size_gb: planned.storageGb,
      },
      validations: [
        {
          condition:
            'startswith(var.database.tier, "db-") && var.database.disk_size_gb >= 10',
          message:
            'database.tier must be a Cloud SQL tier (db-...) and disk_size_gb at least 10.',
        },
      ],
    };
    return {
      variables: [database],
      arguments: [
        gcpModuleBaseArguments({ labels: serviceCapabilityTags('postgres') }),
        attr('network_id', expr('module.network.network_id')),
        attr(
          'private_services_range_name',
          expr('module.network.private_services_range_name'),
        ),
        attr('tier', variableRef(database, 'tier')),
        attr('disk_size_gb', variableRef(database, 'disk_size_gb')),
        attr('high_availability', expr('var.high_availability')),
        attr('deletion_protection', expr('var.deletion_protection')),
        attr('backup_retention_days', expr('var.backup_retention_days')),
        attr('database_name', expr('var.stack_name')),
        attr('app_service_account_email', gcpAppServiceAccountEmail(resolved)),
        roleJob && [
          attr('role_job', true),
          attr('role_job_subnetwork_id', expr('module.network.subnetwork_id')),
          attr(
            'role_job_service_account_id',
            gcpDatabaseRoleJobServiceAccountId({
              name: spec.metadata.name,
              environment,
            }),
          ),
        ],
      ],
      outputs: [
        terraformOutput({
          name: 'database_endpoint',
          description: 'Private IP address of the Cloud SQL instance.',
          value: 'module.database.private_ip_address',
        }),
        terraformOutput({
          name: 'database_connection_name',
          description:
            'Connection name for the Cloud SQL connectors (IAM authentication).',
          value: 'module.database.connection_name',
        }),
        terraformOutput({
          name: 'database_name',
          description: 'Database of the application.',
          value: 'module.database.database_name',
        }),
        terraformOutput({
          name: 'database_user',
          description:
            'IAM database user of the application (its Google service account).',
          value: 'module.database.iam_user',
        }),
        roleJob && [
          terraformOutput({
            name: 'database_role_job',
            description:
              "Cloud Run job that creates the application's database role and grants (make database-user).",
            value: 'module.database.role_job_name',
          }),
          terraformOutput({
            name: 'database_role_job_user',
            description:
              "IAM database user of the database role job's service account (make database-user makes it a cloudsqlsuperuser member).",
            value: 'module.database.role_job_user',
          }),
        ],
      ],
    };
  },
  apis: ['sqladmin.googleapis.com'],
  ciRoles: ['roles/cloudsql.admin'],
  grantedRoles: ['roles/cloudsql.client', 'roles/cloudsql.instanceUser'],
  // The Cloud SQL connectors and Auth Proxy reach the instance on 3307 (5432 is the direct port).
  egress: {
    description: 'Cloud SQL connectors (TLS on 3307)',
    port: 3307,
  },
  variables: [
    {
      name: 'DATABASE_HOST',
      output: 'database_endpoint',
      description: 'Private IP of Cloud SQL (direct TLS on 5432).',
    },
    {
      name: 'DATABASE_INSTANCE_CONNECTION_NAME',
      output: 'database_connection_name',
      description:
        'project:region:instance for the Cloud SQL connectors or Auth Proxy (port 3307) with automatic IAM authentication.',
    },
    {
      name: 'DATABASE_NAME',
      output: 'database_name',
      description: 'Database of the application.',
    },
    {
      name: 'DATABASE_USER',
      output: 'database_user',
      description:
        'IAM database user of the Google service account (its e-mail without .gserviceaccount.com), no password.',
    },
  ],
};
