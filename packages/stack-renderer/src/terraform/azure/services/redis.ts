import { attr, expr } from '../../../hcl/hcl';
import { terraformOutput } from '../../common/terraformOutput';
import { variableRef, type RootVariable } from '../../common/rootVariable';
import { CLOUD_PRODUCTS } from '../../../cost/cloudProducts';
import { cacheHourlyPrice } from '../../../cost/priceLookup';
import { AZURE_MANAGED_REDIS_WITHOUT_HA_FACTOR } from '../../../cost/priceTable';
import { roundPrice, type ServiceCost } from '../../../cost/serviceCost';
import { HOURS_PER_MONTH } from '../../../cost/usageAssumptions';
import {
  AZURE_MANAGED_REDIS_PORT,
  azureCacheModule,
} from '../azureCacheModule';
import { azureGlobalName, type AzureGlobalName } from '../azureResourceNames';
import {
  azureAppPrincipalArgument,
  azureNameRule,
  azurePrivateEndpointArguments,
  type AzureService,
} from '../azureService';

const CACHE_NAME: AzureGlobalName = {
  style: 'label',
  kind: 'redis',
  marker: 'redis',
  maxLength: 60,
};

/**
 * Azure Managed Redis bills per instance of its SKU (high_availability_enabled =
 * var.high_availability): the price includes the replica, and without it the SKU costs half.
 */
const azureRedisCost: ServiceCost = {
  lines: ({ cloud, region, preset, profile }) => {
    const { tier, memoryGb } = preset.cache;
    const { highAvailability } = profile;
    const price = cacheHourlyPrice({ cloud, region, tier, memoryGb });
    return [
      {
        description: `${CLOUD_PRODUCTS.azure.cache} ${tier}, ${memoryGb} GB${
          highAvailability
            ? ' (primary + replica in another zone)'
            : ' (one node, no high availability)'
        }`,
        quantity: HOURS_PER_MONTH,
        unit: 'instance-hour',
        unitPrice: highAvailability
          ? price
          : roundPrice(price * AZURE_MANAGED_REDIS_WITHOUT_HA_FACTOR),
      },
    ];
  },
};

/** Redis on Azure: Azure Managed Redis behind a private endpoint, Entra authentication. */
export const azureRedis: AzureService = {
  id: 'redis',
  module: () => azureCacheModule(),
  cost: azureRedisCost,
  root: context => {
    const { spec, environment, resolved } = context;
    const cacheName: RootVariable = {
      name: 'redis_cache_name',
      type: 'string',
      description: 'Globally unique Azure Managed Redis name.',
      value: azureGlobalName({ spec, environment, name: CACHE_NAME }),
      validations: [
        azureNameRule(
          'redis_cache_name',
          '^[a-zA-Z0-9][a-zA-Z0-9-]{0,58}[a-zA-Z0-9]$',
          '2 to 60 letters, digits and hyphens',
        ),
      ],
    };
    const skuName: RootVariable = {
      name: 'redis_sku_name',
      type: 'string',
      description:
        'Azure Managed Redis SKU, e.g. Balanced_B1 (tier and memory size).',
      value: resolved.preset.cache.tier,
      validations: [
        azureNameRule(
          'redis_sku_name',
          '^(Balanced_B|MemoryOptimized_M|ComputeOptimized_X)[0-9]+$',
          'an in-memory Azure Managed Redis SKU (Balanced_B.., MemoryOptimized_M.., ComputeOptimized_X..)',
        ),
      ],
    };
    return {
      variables: [cacheName, skuName],
      arguments: [
        attr('cache_name', variableRef(cacheName)),
        attr('sku_name', variableRef(skuName)),
        attr('high_availability', expr('var.high_availability')),
        azurePrivateEndpointArguments('redis'),
        azureAppPrincipalArgument(context),
      ],
      outputs: [
        terraformOutput({
          name: 'cache_endpoint',
          description: `Host name of Azure Managed Redis (TLS port ${AZURE_MANAGED_REDIS_PORT}).`,
          value: 'module.cache.hostname',
        }),
      ],
    };
  },
  globalName: CACHE_NAME,
  network: {
    // Azure Managed Redis (Microsoft.Cache/redisEnterprise) resolves in privatelink.redis.azure.net.
    dnsZone: { key: 'redis', name: 'privatelink.redis.azure.net' },
    privateEndpointPort: {
      port: AZURE_MANAGED_REDIS_PORT,
      description: `Azure Managed Redis (TLS on ${AZURE_MANAGED_REDIS_PORT})`,
    },
  },
  resourceProviders: ['Microsoft.Cache'],
  egress: {
    description: `Azure Managed Redis (TLS on ${AZURE_MANAGED_REDIS_PORT})`,
    port: AZURE_MANAGED_REDIS_PORT,
  },
  variables: [
    {
      name: 'REDIS_ENDPOINT',
      output: 'cache_endpoint',
      description:
        'Host name of Azure Managed Redis (TLS on 10000); sign in with an Entra token of the workload identity, user name its object ID.',
    },
  ],
};
