import {
  attr,
  block,
  comment,
  expr,
  resource,
  type HclBody,
} from '../../hcl/hcl';
import { placement, privateEndpoint } from './azureHclBlocks';

/**
 * The application's Key Vault, part of the cluster module: the Secrets Store CSI driver of the
 * cluster mounts its secrets with the app identity. Access is Azure RBAC only (no access
 * policies), deletes are recoverable and purge-protected, and the vault has no public endpoint.
 */
export function azureKeyVaultBlocks(): HclBody {
  return [
    comment(
      'Application secrets. Reachable only through its private endpoint; authorised by Azure RBAC;\n' +
        'deleted secrets stay recoverable for 90 days and cannot be purged early.',
    ),
    resource('azurerm_key_vault', 'this', [
      attr('name', expr('var.key_vault_name')),
      placement(),
      attr('tenant_id', expr('data.azurerm_client_config.current.tenant_id')),
      attr('sku_name', 'standard'),
      attr('rbac_authorization_enabled', true),
      attr('purge_protection_enabled', true),
      attr('soft_delete_retention_days', 90),
      attr('public_network_access_enabled', false),
      block(
        'network_acls',
        [],
        [attr('default_action', 'Deny'), attr('bypass', 'AzureServices')],
      ),
      attr('tags', expr('var.tags')),
    ]),
    privateEndpoint({
      name: 'key_vault',
      endpointName: '${var.name_prefix}-kv-pe',
      resourceId: 'azurerm_key_vault.this.id',
      subresource: 'vault',
      subnetId: 'var.private_endpoints_subnet_id',
      dnsZoneId: 'var.key_vault_private_dns_zone_id',
    }),
    comment('The application reads secrets, and only secrets.'),
    resource('azurerm_role_assignment', 'app_key_vault_secrets', [
      attr('scope', expr('azurerm_key_vault.this.id')),
      attr('role_definition_name', 'Key Vault Secrets User'),
      attr(
        'principal_id',
        expr('azurerm_user_assigned_identity.app.principal_id'),
      ),
      attr('principal_type', 'ServicePrincipal'),
    ]),
    comment('Every access to the vault is audited in the workspace.'),
    resource('azurerm_monitor_diagnostic_setting', 'key_vault', [
      attr('name', 'audit'),
      attr('target_resource_id', expr('azurerm_key_vault.this.id')),
      attr(
        'log_analytics_workspace_id',
        expr('azurerm_log_analytics_workspace.this.id'),
      ),
      block('enabled_log', [], [attr('category_group', 'audit')]),
    ]),
  ];
}
