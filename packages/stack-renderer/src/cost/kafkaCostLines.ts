import type { ResolvedEnvironment } from '../spec/resolveEnvironment';
import { mskSize } from '../terraform/aws/services/kafka';
import { eventHubsSize } from '../terraform/azure/services/kafka';
import { managedKafkaSize } from '../terraform/gcp/services/kafka';
import { MissingPriceError, regionPrices } from './priceLookup';
import { PRICE_TABLE } from './priceTable';
import type { CostLineItem } from './types';
import { HOURS_PER_MONTH } from './usageAssumptions';

/** A cost line before the estimate adds its cloud, environment, category and monthly amount. */
export type KafkaCostLine = Omit<
  CostLineItem,
  'cloud' | 'environment' | 'category' | 'monthly'
>;

/** Local storage Managed Service for Apache Kafka provisions per vCPU (its pricing page's rough guide). */
const MANAGED_KAFKA_STORAGE_GB_PER_VCPU = 100;

function roundPrice(value: number): number {
  return Math.round(value * 100_000) / 100_000;
}

/**
 * The Kafka lines of one environment, from the sizes the Terraform of each cloud writes
 * (`mskSize`, `managedKafkaSize`, `eventHubsSize`), so the estimate and the tfvars cannot
 * disagree. Prices are the reference region's, scaled by the multiplier of derived regions.
 */
export function kafkaCostLines(resolved: ResolvedEnvironment): KafkaCostLine[] {
  const { cloud, region, size } = resolved;
  const prices = PRICE_TABLE[cloud].kafka;
  const regional = regionPrices({ cloud, region });
  const multiplier = regional.derivedFrom?.multiplier ?? 1;
  const scaled = (price: number) => roundPrice(price * multiplier);
  if ('perBrokerHour' in prices) {
    const brokers = mskSize(size);
    const price = prices.perBrokerHour[brokers.brokerType];
    if (price === undefined) {
      throw new MissingPriceError(
        `MSK broker "${brokers.brokerType}"`,
        cloud,
        region,
      );
    }
    return [
      {
        description: `MSK brokers ${brokers.brokerType} × ${brokers.brokers} (one or more per zone)`,
        quantity: HOURS_PER_MONTH * brokers.brokers,
        unit: 'broker-hour',
        unitPrice: scaled(price),
      },
      {
        description: `MSK broker storage: ${brokers.storageGbPerBroker} GB × ${brokers.brokers} brokers`,
        quantity: brokers.storageGbPerBroker * brokers.brokers,
        unit: 'GB-month',
        unitPrice: scaled(prices.storagePerGbMonth),
      },
    ];
  }
  if ('perVcpuHour' in prices) {
    const compute = managedKafkaSize(size);
    const storageGb = compute.vcpus * MANAGED_KAFKA_STORAGE_GB_PER_VCPU;
    return [
      {
        description: `Managed Service for Apache Kafka: ${compute.vcpus} vCPUs`,
        quantity: HOURS_PER_MONTH * compute.vcpus,
        unit: 'vCPU-hour',
        unitPrice: scaled(prices.perVcpuHour),
      },
      {
        description: `Managed Service for Apache Kafka: ${compute.memoryGib} GiB memory`,
        quantity: HOURS_PER_MONTH * compute.memoryGib,
        unit: 'GiB-hour',
        unitPrice: scaled(prices.perGibHour),
      },
      {
        description: `Managed Kafka local storage (about ${MANAGED_KAFKA_STORAGE_GB_PER_VCPU} GB per vCPU, priced as node disk)`,
        quantity: storageGb,
        unit: 'GB-month',
        unitPrice: regional.nodeDiskPerGbMonth,
      },
    ];
  }
  const namespace = eventHubsSize(size);
  const price = prices.perUnitHour[namespace.sku];
  if (price === undefined) {
    throw new MissingPriceError(
      `Event Hubs tier "${namespace.sku}"`,
      cloud,
      region,
    );
  }
  const unit =
    namespace.sku === 'Premium' ? 'processing unit' : 'throughput unit';
  return [
    {
      description: `Event Hubs ${namespace.sku}, ${namespace.capacity} ${unit}${
        namespace.capacity === 1 ? '' : 's'
      } (Kafka endpoint; ingress events extra)`,
      quantity: HOURS_PER_MONTH * namespace.capacity,
      unit: `${unit}-hour`,
      unitPrice: scaled(price),
    },
  ];
}
