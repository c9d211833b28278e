import {
  attr,
  block,
  comment,
  expr,
  resource,
  type HclBody,
} from '../../hcl/hcl';
import type { FileTree } from '../../types';
import { terraformOutput } from '../common/terraformOutput';
import { terraformVariable } from '../common/terraformVariable';
import {
  commonModuleVariables,
  placement,
  privateEndpoint,
} from './azureHclBlocks';
import { moduleFiles } from '../common/moduleFiles';

/** The TLS port of an Azure Managed Redis database. */
export const AZURE_MANAGED_REDIS_PORT = 10000;

function main(): HclBody {
  return [
    comment(
      'Azure Managed Redis, the successor of Azure Cache for Redis (whose Basic, Standard and Premium\n' +
        'tiers are being retired). TLS only (TLS 1.2 or newer; there is no plain-text port), no public\n' +
        'endpoint, and Entra ID authentication instead of access keys, so no key exists to leak and a\n' +
        'refresh needs no listKeys permission. With high availability the replica sits in another zone\n' +
        'wherever the region has zones; without it (dev, staging) one node costs half as much.',
    ),
    resource('azurerm_managed_redis', 'this', [
      attr('name', expr('var.cache_name')),
      placement(),
      attr('sku_name', expr('var.sku_name')),
      attr('high_availability_enabled', expr('var.high_availability')),
      attr('public_network_access', 'Disabled'),
      block(
        'default_database',
        [],
        [
          attr('access_keys_authentication_enabled', false),
          attr('client_protocol', 'Encrypted'),
          comment(
            'One endpoint for every client, cluster-aware or not (the OSS cluster policy needs a\n' +
              'cluster-aware client).',
          ),
          attr('clustering_policy', 'EnterpriseCluster'),
          attr('eviction_policy', 'VolatileLRU'),
        ],
      ),
      attr('tags', expr('var.tags')),
    ]),
    privateEndpoint({
      name: 'this',
      endpointName: '${var.name_prefix}-redis-pe',
      resourceId: 'azurerm_managed_redis.this.id',
      subresource: 'redisEnterprise',
      subnetId: 'var.private_endpoints_subnet_id',
      dnsZoneId: 'var.private_dns_zone_id',
    }),
    comment(
      'The application reads and writes data with its Entra identity (the default access policy);\n' +
        'it cannot change the configuration.',
    ),
    resource('azurerm_managed_redis_access_policy_assignment', 'app', [
      attr('managed_redis_id', expr('azurerm_managed_redis.this.id')),
      attr('object_id', expr('var.app_principal_id')),
    ]),
  ];
}

function variables(): HclBody {
  return [
    commonModuleVariables(),
    terraformVariable({
      name: 'cache_name',
      type: 'string',
      description: 'Globally unique cache name (it is a DNS label).',
    }),
    terraformVariable({
      name: 'sku_name',
      type: 'string',
      description:
        'Azure Managed Redis SKU: tier and memory size, e.g. Balanced_B1.',
    }),
    terraformVariable({
      name: 'high_availability',
      type: 'bool',
      description:
        'A replica in another zone with automatic failover (the SLA); off halves the price.',
    }),
    terraformVariable({
      name: 'private_endpoints_subnet_id',
      type: 'string',
      description: 'Subnet of the private endpoint.',
    }),
    terraformVariable({
      name: 'private_dns_zone_id',
      type: 'string',
      description: 'privatelink.redis.azure.net zone ID.',
    }),
    terraformVariable({
      name: 'app_principal_id',
      type: 'string',
      description: 'Principal ID of the application identity.',
    }),
  ];
}

function outputs(): HclBody {
  return [
    terraformOutput({
      name: 'hostname',
      description: `Host name of the cache (TLS port ${AZURE_MANAGED_REDIS_PORT}).`,
      value: 'azurerm_managed_redis.this.hostname',
    }),
    terraformOutput({
      name: 'cache_id',
      description: 'ID of the cache.',
      value: 'azurerm_managed_redis.this.id',
    }),
  ];
}

/** `infra/modules/cache/azure`: Azure Managed Redis behind a private endpoint, Entra auth only. */
export function azureCacheModule(): FileTree {
  return moduleFiles({
    cloud: 'azure',
    capability: 'cache',
    description:
      'Azure Managed Redis of one environment: private endpoint, TLS, Entra ID authentication.',
    variables: variables(),
    main: main(),
    outputs: outputs(),
  });
}
