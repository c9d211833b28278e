import type { StackSpec } from '../../spec/stackSpec';

/**
 * Private DNS zones the environment needs, keyed by the name modules use to look them up.
 * Key Vault is always there (the cluster reads app secrets from it); the others follow the
 * services. PostgreSQL Flexible Server with VNet integration takes a zone whose name ends in
 * `.postgres.database.azure.com`; `privatelink.*` is reserved for private endpoints.
 */
export function azurePrivateDnsZones(spec: StackSpec): Record<string, string> {
  const { services } = spec.spec;
  const zones: Record<string, string> = {
    key_vault: 'privatelink.vaultcore.azure.net',
  };
  if (services.postgres)
    zones.postgres = '${var.name_prefix}.private.postgres.database.azure.com';
  // Azure Managed Redis (Microsoft.Cache/redisEnterprise) resolves in privatelink.redis.azure.net.
  if (services.redis) zones.redis = 'privatelink.redis.azure.net';
  if (services.objectStorage) zones.blob = 'privatelink.blob.core.windows.net';
  if (services.registry) zones.registry = 'privatelink.azurecr.io';
  return zones;
}
