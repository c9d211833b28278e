import { serviceCapabilityTags } from '../../../tags';
import { attr, expr } from '../../../hcl/hcl';
import { variableRef, type RootVariable } from '../../common/rootVariable';
import { terraformOutput } from '../../common/terraformOutput';
import { gcpDatabaseModule } from '../gcpDatabaseModule';
import { gcpModuleBaseArguments } from '../gcpModuleBase';
import type { GcpService } from '../gcpService';

/** PostgreSQL on GCP: Cloud SQL with a private IP and IAM database authentication. */
export const gcpPostgres: GcpService = {
  id: 'postgres',
  module: () => gcpDatabaseModule(),
  root: ({ resolved }) => {
    const database: RootVariable = {
      name: 'database',
      type: 'object({\n    tier         = string\n    disk_size_gb = number\n  })',
      description: 'Cloud SQL machine tier and initial disk size.',
      value: {
        tier: resolved.database!.tier,
        disk_size_gb: resolved.database!.storageGb,
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
        attr(
          'app_service_account_email',
          expr('module.cluster.app_service_account_email'),
        ),
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
      ],
    };
  },
  apis: ['sqladmin.googleapis.com'],
  ciRoles: ['roles/cloudsql.admin'],
  grantedRoles: ['roles/cloudsql.client', 'roles/cloudsql.instanceUser'],
};
