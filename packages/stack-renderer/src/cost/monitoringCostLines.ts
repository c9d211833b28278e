import type { EnvironmentPlan } from '../plan/environmentPlan';
import { CLOUD_PRODUCTS } from './cloudProducts';
import { formatQuantity } from './formatUsd';
import { regionPrices } from './priceLookup';
import { PRICE_TABLE } from './priceTable';
import type { ServiceCostLine } from './serviceCost';
import { HOURS_PER_MONTH, USAGE_ASSUMPTIONS } from './usageAssumptions';

/**
 * What the monitoring service adds on every cloud: the application and cluster logs, the managed
 * Prometheus samples, and the managed Grafana instance where the cloud bills one per hour.
 */
export function monitoringCostLines(plan: EnvironmentPlan): ServiceCostLine[] {
  const { cloud, region, environment } = plan;
  const products = CLOUD_PRODUCTS[cloud];
  const cloudPrices = PRICE_TABLE[cloud];
  const usage = USAGE_ASSUMPTIONS[environment];
  const lines: ServiceCostLine[] = [
    {
      description: `${
        products.logs
      }: application and cluster logs (assumed ${formatQuantity(
        usage.applicationLogGb,
      )} GB)`,
      quantity: usage.applicationLogGb,
      unit: 'GB',
      unitPrice: regionPrices({ cloud, region }).logIngestionPerGb,
    },
    {
      description: `${products.metrics} (assumed ${formatQuantity(
        usage.metricSamplesMillions,
      )} million samples)`,
      quantity: usage.metricSamplesMillions,
      unit: 'million samples',
      unitPrice: cloudPrices.metricsPerMillionSamples,
    },
  ];
  if (cloudPrices.managedGrafanaPerHour !== undefined) {
    lines.push({
      description: 'Managed Grafana, Standard instance (active users extra)',
      quantity: HOURS_PER_MONTH,
      unit: 'instance-hour',
      unitPrice: cloudPrices.managedGrafanaPerHour,
    });
  }
  return lines;
}
