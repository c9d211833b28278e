import type { AzureNetworkHook } from './azureService';

/**
 * Private DNS zones the environment needs, keyed by the name modules use to look them up.
 * Key Vault is always there (the cluster reads app secrets from it); the others are those of the
 * stack's services.
 */
export function azurePrivateDnsZones(
  hooks: readonly AzureNetworkHook[],
): Record<string, string> {
  const zones: Record<string, string> = {
    key_vault: 'privatelink.vaultcore.azure.net',
  };
  for (const { dnsZone } of hooks) {
    if (dnsZone) zones[dnsZone.key] = dnsZone.name;
  }
  return zones;
}
