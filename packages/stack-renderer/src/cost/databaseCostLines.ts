import type { EnvironmentPlan } from '../plan/environmentPlan';
import type { PlannedDatabase } from '../plan/plannedDatabase';
import { CLOUD_PRODUCTS } from './cloudProducts';
import { databaseHourlyPrice, regionPrices } from './priceLookup';
import type { ServiceCostLine } from './serviceCost';
import { HOURS_PER_MONTH } from './usageAssumptions';

/** The PostgreSQL instance (and its standby) and its storage copies, as every cloud bills them. */
export function databaseCostLines(
  plan: EnvironmentPlan,
  database: PlannedDatabase,
): ServiceCostLine[] {
  const { cloud, region } = plan;
  const { tier, copies, storageGb } = database;
  return [
    {
      description: `${CLOUD_PRODUCTS[cloud].database} ${tier}${
        database.highAvailability
          ? ' × 2 (primary + standby in another zone)'
          : ''
      }`,
      quantity: copies * HOURS_PER_MONTH,
      unit: 'instance-hour',
      unitPrice: databaseHourlyPrice({ cloud, region, tier }),
    },
    {
      description: `Database storage: ${storageGb} GB${
        copies > 1 ? ' × 2 copies' : ''
      }`,
      quantity: storageGb * copies,
      unit: 'GB-month',
      unitPrice: regionPrices({ cloud, region }).databaseStoragePerGbMonth,
    },
  ];
}
