import { objectStorageCostLines } from '../../../cost/objectStorageCostLines';
import { attr, expr } from '../../../hcl/hcl';
import type { EnvironmentPlan } from '../../../plan/environmentPlan';
import { terraformOutput } from '../../common/terraformOutput';
import { variableRef, type RootVariable } from '../../common/rootVariable';
import { azureGlobalName, type AzureGlobalName } from '../azureResourceNames';
import {
  azureAppPrincipalArgument,
  azureNameRule,
  azurePrivateEndpointArguments,
  type AzureService,
} from '../azureService';
import { azureStorageModule } from '../azureStorageModule';

const ACCOUNT_NAME: AzureGlobalName = {
  style: 'compact',
  kind: 'storage',
  marker: 'st',
  maxLength: 24,
};

/** LRS, or ZRS where the environment pays for availability: the tfvars write it, the estimate prices it. */
function plannedReplication(plan: EnvironmentPlan): 'LRS' | 'ZRS' {
  return plan.profile.highAvailability ? 'ZRS' : 'LRS';
}

/** Object storage on Azure: a storage account and container behind a private endpoint, no shared keys. */
export const azureObjectStorage: AzureService = {
  id: 'objectStorage',
  module: () => azureStorageModule(),
  cost: {
    lines: plan => objectStorageCostLines(plan, plannedReplication(plan)),
  },
  root: context => {
    const { spec, environment, resolved } = context;
    const accountName: RootVariable = {
      name: 'storage_account_name',
      type: 'string',
      description: 'Globally unique storage account name.',
      value: azureGlobalName({ spec, environment, name: ACCOUNT_NAME }),
      validations: [
        azureNameRule(
          'storage_account_name',
          '^[a-z0-9]{3,24}$',
          '3 to 24 lowercase letters and digits',
        ),
      ],
    };
    const replication: RootVariable = {
      name: 'storage_replication_type',
      type: 'string',
      description:
        'Replication of the storage account: LRS, or ZRS where the environment pays for availability (the replication the cost estimate prices).',
      value: plannedReplication(resolved),
    };
    return {
      variables: [accountName, replication],
      arguments: [
        attr('storage_account_name', variableRef(accountName)),
        attr('replication_type', variableRef(replication)),
        attr('soft_delete_retention_days', expr('var.backup_retention_days')),
        attr('container_name', expr('local.app_name')),
        attr('deletion_protection', expr('var.deletion_protection')),
        azurePrivateEndpointArguments('blob'),
        azureAppPrincipalArgument(context),
      ],
      outputs: [
        terraformOutput({
          name: 'bucket_name',
          description: 'Storage account of the application.',
          value: 'module.storage.storage_account_name',
        }),
        terraformOutput({
          name: 'storage_container_name',
          description: 'Blob container of the application.',
          value: 'module.storage.container_name',
        }),
      ],
    };
  },
  globalName: ACCOUNT_NAME,
  network: {
    dnsZone: { key: 'blob', name: 'privatelink.blob.core.windows.net' },
  },
  variables: [
    {
      name: 'STORAGE_ACCOUNT',
      output: 'bucket_name',
      description:
        'Storage account of the application (Entra only, no shared keys).',
    },
    {
      name: 'STORAGE_CONTAINER',
      output: 'storage_container_name',
      description:
        'Blob container of the application (the workload identity may read and write it).',
    },
  ],
};
