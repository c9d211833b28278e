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
  azureModuleFiles,
  commonModuleVariables,
  placement,
  privateEndpoint,
} from './azureHclBlocks';

/** SKU, family and capacity of Azure Cache for Redis from a preset tier such as `Premium_P1`. */
export function redisSku(tier: string): {
  skuName: string;
  family: string;
  capacity: number;
} {
  const match = /^(Basic|Standard|Premium)_([CP])(\d+)$/.exec(tier);
  if (!match) throw new Error(`Unknown Azure Cache for Redis tier "${tier}"`);
  return { skuName: match[1], family: match[2], capacity: Number(match[3]) };
}

function main(): HclBody {
  return [
    comment(
      'Azure Cache for Redis: TLS 1.2 only (no plain-text port), no public endpoint, and Entra ID\n' +
        'authentication instead of access keys, so no key exists to leak.',
    ),
    resource('azurerm_redis_cache', 'this', [
      attr('name', expr('var.cache_name')),
      placement(),
      attr('sku_name', expr('var.sku_name')),
      attr('family', expr('var.family')),
      attr('capacity', expr('var.capacity')),
      attr('redis_version', '6'),
      attr('non_ssl_port_enabled', false),
      attr('minimum_tls_version', '1.2'),
      attr('public_network_access_enabled', false),
      attr('access_keys_authentication_enabled', false),
      comment(
        'Premium only: replicas spread over zones where the environment pays for availability.',
      ),
      attr('zones', expr('var.zones')),
      attr('replicas_per_primary', expr('var.replicas_per_primary')),
      block(
        'redis_configuration',
        [],
        [
          attr('active_directory_authentication_enabled', true),
          attr('maxmemory_policy', 'volatile-lru'),
        ],
      ),
      block(
        'patch_schedule',
        [],
        [attr('day_of_week', 'Sunday'), attr('start_hour_utc', 4)],
      ),
      attr('tags', expr('var.tags')),
    ]),
    privateEndpoint({
      name: 'this',
      endpointName: '${var.name_prefix}-redis-pe',
      resourceId: 'azurerm_redis_cache.this.id',
      subresource: 'redisCache',
      subnetId: 'var.private_endpoints_subnet_id',
      dnsZoneId: 'var.private_dns_zone_id',
    }),
    comment(
      'The application reads and writes data with its Entra identity; it cannot change the configuration.',
    ),
    resource('azurerm_redis_cache_access_policy_assignment', 'app', [
      attr('name', 'app'),
      attr('redis_cache_id', expr('azurerm_redis_cache.this.id')),
      attr('access_policy_name', 'Data Contributor'),
      attr('object_id', expr('var.app_principal_id')),
      attr('object_id_alias', expr('var.app_identity_name')),
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
      description: 'Basic, Standard or Premium.',
      validations: [
        {
          condition: 'contains(["Standard", "Premium"], var.sku_name)',
          message:
            'sku_name must be Standard or Premium (Basic has no SLA and no replica).',
        },
      ],
    }),
    terraformVariable({
      name: 'family',
      type: 'string',
      description: 'C for Standard, P for Premium.',
    }),
    terraformVariable({
      name: 'capacity',
      type: 'number',
      description: 'Size within the family (C1, P1, ...).',
    }),
    terraformVariable({
      name: 'zones',
      type: 'list(string)',
      description: 'Availability zones of a Premium cache; null for none.',
      default: expr('null'),
    }),
    terraformVariable({
      name: 'replicas_per_primary',
      type: 'number',
      description: 'Replicas of a Premium cache; null for the default.',
      default: expr('null'),
    }),
    terraformVariable({
      name: 'private_endpoints_subnet_id',
      type: 'string',
      description: 'Subnet of the private endpoint.',
    }),
    terraformVariable({
      name: 'private_dns_zone_id',
      type: 'string',
      description: 'privatelink.redis.cache.windows.net zone ID.',
    }),
    terraformVariable({
      name: 'app_principal_id',
      type: 'string',
      description: 'Principal ID of the application identity.',
    }),
    terraformVariable({
      name: 'app_identity_name',
      type: 'string',
      description:
        'Name of the application identity (its Redis user name alias).',
    }),
  ];
}

function outputs(): HclBody {
  return [
    terraformOutput({
      name: 'hostname',
      description: 'Host name of the cache (TLS port 6380).',
      value: 'azurerm_redis_cache.this.hostname',
    }),
    terraformOutput({
      name: 'cache_id',
      description: 'ID of the cache.',
      value: 'azurerm_redis_cache.this.id',
    }),
  ];
}

/** `infra/modules/cache/azure`: Azure Cache for Redis behind a private endpoint, Entra auth only. */
export function azureCacheModule(): FileTree {
  return azureModuleFiles({
    capability: 'cache',
    description:
      'Azure Cache for Redis of one environment: private endpoint, TLS 1.2, Entra ID authentication.',
    variables: variables(),
    main: main(),
    outputs: outputs(),
  });
}
