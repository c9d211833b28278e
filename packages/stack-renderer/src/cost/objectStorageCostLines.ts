import type { EnvironmentPlan } from '../plan/environmentPlan';
import { CLOUD_PRODUCTS } from './cloudProducts';
import { regionPrices } from './priceLookup';
import type { ServiceCostLine } from './serviceCost';
import { formatQuantity } from './formatUsd';
import { USAGE_ASSUMPTIONS } from './usageAssumptions';

/**
 * The bucket (storage account) at the environment's assumed size. Only Azure prices a replication
 * choice separately: pass the one its Terraform writes.
 */
export function objectStorageCostLines(
  plan: EnvironmentPlan,
  replication?: 'LRS' | 'ZRS',
): ServiceCostLine[] {
  const { cloud, region, environment } = plan;
  const prices = regionPrices({ cloud, region });
  const { objectStorageGb } = USAGE_ASSUMPTIONS[environment];
  return [
    {
      description: `${CLOUD_PRODUCTS[cloud].objectStorage}${
        replication ? ` ${replication}` : ''
      } (assumed ${formatQuantity(objectStorageGb)} GB)`,
      quantity: objectStorageGb,
      unit: 'GB-month',
      unitPrice:
        replication === 'ZRS'
          ? prices.objectStorageZoneRedundantPerGbMonth
          : prices.objectStoragePerGbMonth,
    },
  ];
}
