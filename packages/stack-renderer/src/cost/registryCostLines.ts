import type { EnvironmentPlan } from '../plan/environmentPlan';
import { CLOUD_PRODUCTS } from './cloudProducts';
import { formatQuantity } from './formatUsd';
import { PRICE_TABLE } from './priceTable';
import { roundPrice, type ServiceCostLine } from './serviceCost';
import { HOURS_PER_MONTH, USAGE_ASSUMPTIONS } from './usageAssumptions';

/**
 * The container registry: per GB stored (ECR, Artifact Registry), or per day of the tier the
 * Terraform creates with storage included (Azure Container Registry: pass that tier).
 */
export function registryCostLines(
  plan: EnvironmentPlan,
  sku?: string,
): ServiceCostLine[] {
  const { cloud, environment } = plan;
  const product = CLOUD_PRODUCTS[cloud].registry;
  const price = PRICE_TABLE[cloud].registry;
  const { registryGb } = USAGE_ASSUMPTIONS[environment];
  if ('perDay' in price) {
    if (price.sku !== sku) {
      throw new Error(
        `No ${product} price for the ${sku} tier the Terraform creates`,
      );
    }
    return [
      {
        description: `${product} ${price.sku} (${
          price.includedGb
        } GB included; assumed ${formatQuantity(registryGb)} GB)`,
        quantity: roundPrice(HOURS_PER_MONTH / 24),
        unit: 'day',
        unitPrice: price.perDay,
      },
    ];
  }
  return [
    {
      description: `${product} storage (assumed ${formatQuantity(
        registryGb,
      )} GB)`,
      quantity: registryGb,
      unit: 'GB-month',
      unitPrice: price.perGbMonth,
    },
  ];
}
