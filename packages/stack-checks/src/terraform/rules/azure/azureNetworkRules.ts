import type { ParsedTerraform, TerraformRule } from '../../types';
import {
  asBoolean,
  blocks,
  expectFalse,
  lookup,
  strings,
} from '../ruleHelpers';

/** Whether a storage account refuses public networks (so its data plane is private). */
function deniesPublicNetworks(body: Record<string, unknown>): boolean {
  const publicAccess = lookup(body as never, 'public_network_access_enabled');
  if (publicAccess.state === 'value' && asBoolean(publicAccess.value) === false)
    return true;
  const action = lookup(body as never, 'network_rules.default_action');
  return action.state === 'value' && action.value === 'Deny';
}

/** `features.storage.data_plane_available` of the closure's azurerm provider blocks. */
function dataPlaneAvailable(parsed: ParsedTerraform): boolean | undefined {
  const providers = parsed.providers.filter(
    provider => provider.name === 'azurerm',
  );
  if (providers.length === 0) return undefined;
  return providers.some(provider => {
    const setting = lookup(
      provider.body,
      'features.storage.data_plane_available',
    );
    return !(setting.state === 'value' && asBoolean(setting.value) === false);
  });
}

/** Subnets delegated to PostgreSQL Flexible Server, by the address prefix expressions they use. */
function postgresSubnetPrefixes(parsed: ParsedTerraform): string[] {
  return parsed.resources
    .filter(
      subnet =>
        subnet.type === 'azurerm_subnet' &&
        blocks(subnet.body, 'delegation').some(delegation =>
          strings(delegation.service_delegation).includes(
            'Microsoft.DBforPostgreSQL/flexibleServers',
          ),
        ),
    )
    .flatMap(subnet => strings(subnet.body.address_prefixes));
}

/**
 * Azure network rules, one per finding of the production review (2026-12-03) they guard
 * against: private storage that GitHub-hosted runners cannot manage (7), an NSG that blocks the
 * PostgreSQL standby (25), a Network Watcher that is assumed to exist (29) and the retiring Azure
 * Cache for Redis (11).
 */
export const AZURE_NETWORK_RULES: readonly TerraformRule[] = [
  {
    id: 'SKYFORGE_AZURE_STORAGE_DATA_PLANE',
    title:
      'Private storage accounts are managed without their data plane (review finding 7)',
    cloud: 'azure',
    resourceTypes: ['azurerm_storage_account'],
    check: ({ resource, parsed }) => {
      if (!deniesPublicNetworks(resource.body)) return undefined;
      return dataPlaneAvailable(parsed) === true
        ? 'the account denies public networks but the azurerm provider still uses its data plane: plans and applies from GitHub-hosted runners fail with 403 (set features { storage { data_plane_available = false } })'
        : undefined;
    },
  },
  {
    id: 'SKYFORGE_AZURE_POSTGRES_HA_TRAFFIC',
    title:
      'The PostgreSQL subnet NSG lets the standby reach the primary (review finding 25)',
    cloud: 'azure',
    resourceTypes: ['azurerm_network_security_rule'],
    check: ({ resource, parsed }) => {
      const body = resource.body;
      if (body.access !== 'Deny' || body.direction !== 'Inbound')
        return undefined;
      if (body.source_address_prefix !== 'VirtualNetwork') return undefined;
      const destination = strings(body.destination_address_prefix)[0];
      if (!destination || !postgresSubnetPrefixes(parsed).includes(destination))
        return undefined;
      const allowed = parsed.resources.some(
        rule =>
          rule.type === 'azurerm_network_security_rule' &&
          rule.body.access === 'Allow' &&
          strings(
            rule.body.source_address_prefix ??
              rule.body.source_address_prefixes,
          ).includes(destination) &&
          strings(rule.body.destination_address_prefix).includes(destination) &&
          Number(rule.body.priority) < Number(body.priority),
      );
      return allowed
        ? undefined
        : 'denies all VirtualNetwork traffic into the PostgreSQL subnet, including the zone-redundant standby replicating inside it; allow the subnet to itself (5432, 6432) first';
    },
  },
  {
    id: 'SKYFORGE_AZURE_NETWORK_WATCHER_LOOKUP',
    title:
      'Flow logs use a Network Watcher that is looked up or created, not assumed (review minor 29)',
    cloud: 'azure',
    resourceTypes: ['azurerm_network_watcher_flow_log'],
    check: ({ resource }) =>
      strings(resource.body.network_watcher_name).some(text =>
        /\b(data\.)?azurerm_network_watcher\./.test(text),
      )
        ? undefined
        : 'network_watcher_name is assumed (NetworkWatcher_<region> in NetworkWatcherRG), which Azure may not have created yet or at all; look it up with data "azurerm_network_watcher" or create it',
  },
  {
    id: 'SKYFORGE_AZURE_MANAGED_REDIS',
    title:
      'Redis is Azure Managed Redis with Entra ID only, not the retiring Azure Cache for Redis (review finding 11)',
    cloud: 'azure',
    resourceTypes: ['azurerm_redis_cache', 'azurerm_managed_redis'],
    check: ({ resource }) =>
      resource.type === 'azurerm_redis_cache'
        ? 'Azure Cache for Redis (Basic, Standard, Premium) is being retired and new caches are restricted; use azurerm_managed_redis'
        : expectFalse(
            resource.body,
            'default_database.access_keys_authentication_enabled',
            false,
          ),
  },
];
