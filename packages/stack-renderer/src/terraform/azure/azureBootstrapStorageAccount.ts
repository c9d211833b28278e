import { attr, block, expr, resource, type HclBlock } from '../../hcl/hcl';

/**
 * A storage account of the Azure bootstrap (the Terraform state, the FOCUS cost export): in the
 * state resource group, Entra ID only (no shared keys, no local users), TLS 1.2+, double
 * encryption, no public blobs, closed to all but `allowed_ip_ranges` and trusted Azure services
 * once that list is set, versioned, with blob and container soft delete.
 */
export function azureBootstrapStorageAccount(options: {
  /** Terraform resource name: `state`, `billing`. */
  name: string;
  /** Variable holding the globally unique account name. */
  accountNameVariable: string;
  replication: 'LRS' | 'ZRS';
  softDeleteDays: number;
}): HclBlock {
  const { name, accountNameVariable, replication, softDeleteDays } = options;
  return resource('azurerm_storage_account', name, [
    attr('name', expr(`var.${accountNameVariable}`)),
    attr('resource_group_name', expr('azurerm_resource_group.state.name')),
    attr('location', expr('azurerm_resource_group.state.location')),
    attr('account_kind', 'StorageV2'),
    attr('account_tier', 'Standard'),
    attr('account_replication_type', replication),
    attr('min_tls_version', 'TLS1_2'),
    attr('https_traffic_only_enabled', true),
    attr('allow_nested_items_to_be_public', false),
    attr('shared_access_key_enabled', false),
    attr('default_to_oauth_authentication', true),
    attr('infrastructure_encryption_enabled', true),
    attr('cross_tenant_replication_enabled', false),
    attr('local_user_enabled', false),
    block(
      'network_rules',
      [],
      [
        attr(
          'default_action',
          expr('length(var.allowed_ip_ranges) == 0 ? "Allow" : "Deny"'),
        ),
        attr('ip_rules', expr('var.allowed_ip_ranges')),
        attr('bypass', ['AzureServices']),
      ],
    ),
    block(
      'blob_properties',
      [],
      [
        attr('versioning_enabled', true),
        block('delete_retention_policy', [], [attr('days', softDeleteDays)]),
        block(
          'container_delete_retention_policy',
          [],
          [attr('days', softDeleteDays)],
        ),
      ],
    ),
    attr('tags', expr('var.tags')),
  ]);
}
