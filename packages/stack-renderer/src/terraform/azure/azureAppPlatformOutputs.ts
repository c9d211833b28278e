import type { HclBody } from '../../hcl/hcl';
import { terraformOutput } from '../common/terraformOutput';

/**
 * The outputs both Azure app platforms (the AKS cluster module and the Container Apps module)
 * give the rest of the root: the application identity, its Log Analytics workspace and Key Vault.
 */
export function azureAppPlatformOutputs(): HclBody {
  return [
    terraformOutput({
      name: 'app_identity_client_id',
      description:
        'Client ID of the application identity (AZURE_CLIENT_ID; on AKS, the ServiceAccount annotation).',
      value: 'azurerm_user_assigned_identity.app.client_id',
    }),
    terraformOutput({
      name: 'app_identity_principal_id',
      description:
        'Principal ID of the application identity, which the data services grant access to.',
      value: 'azurerm_user_assigned_identity.app.principal_id',
    }),
    terraformOutput({
      name: 'app_identity_name',
      description:
        'Name of the application identity (its PostgreSQL role name).',
      value: 'azurerm_user_assigned_identity.app.name',
    }),
    terraformOutput({
      name: 'log_analytics_workspace_id',
      description: 'Log Analytics workspace of the environment.',
      value: 'azurerm_log_analytics_workspace.this.id',
    }),
    terraformOutput({
      name: 'key_vault_uri',
      description: 'URI of the application Key Vault.',
      value: 'azurerm_key_vault.this.vault_uri',
    }),
  ];
}
