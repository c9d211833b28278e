import type { Cloud } from '../spec/regions';
import { PRICE_TABLE, type RegionPrices } from './priceTable';

/** Thrown when the price table lacks a price the estimate needs; names the cloud, region and item. */
export class MissingPriceError extends Error {
  constructor(what: string, cloud: Cloud, region: string) {
    super(
      `No list price for ${what} in ${cloud} ${region}; add it to src/cost/priceTable.ts`,
    );
    this.name = 'MissingPriceError';
  }
}

/** The region-dependent prices of one region. */
export function regionPrices(options: {
  cloud: Cloud;
  region: string;
}): RegionPrices {
  const { cloud, region } = options;
  const prices = PRICE_TABLE[cloud].regions[region];
  if (!prices) throw new MissingPriceError('the region', cloud, region);
  return prices;
}

/**
 * On-demand USD per hour of one node of a machine type, including attached GPUs where the
 * machine type does not already include them (GCP N1 + T4).
 */
export function machineHourlyPrice(options: {
  cloud: Cloud;
  region: string;
  machineType: string;
  acceleratorType?: string;
  acceleratorCount?: number;
}): number {
  const { cloud, region, machineType, acceleratorType, acceleratorCount } =
    options;
  const prices = regionPrices({ cloud, region });
  const machine = prices.machines[machineType];
  if (machine === undefined) {
    throw new MissingPriceError(`machine type "${machineType}"`, cloud, region);
  }
  const bundled = PRICE_TABLE[cloud].bundledAcceleratorMachinePrefixes.some(
    prefix => machineType.startsWith(prefix),
  );
  if (!acceleratorType || !acceleratorCount || bundled) return machine;
  const accelerator = prices.accelerators[acceleratorType];
  if (accelerator === undefined) {
    throw new MissingPriceError(
      `accelerator "${acceleratorType}"`,
      cloud,
      region,
    );
  }
  return machine + accelerator * acceleratorCount;
}

/** USD per hour of one managed PostgreSQL instance (no standby). */
export function databaseHourlyPrice(options: {
  cloud: Cloud;
  region: string;
  tier: string;
}): number {
  const { cloud, region, tier } = options;
  const price = regionPrices({ cloud, region }).databases[tier];
  if (price === undefined) {
    throw new MissingPriceError(`database tier "${tier}"`, cloud, region);
  }
  return price;
}

/**
 * USD per hour of one managed Redis node (AWS) or instance (GCP, Azure: their HA tiers include
 * the replica). Memorystore is priced per GB-hour by capacity band.
 */
export function cacheHourlyPrice(options: {
  cloud: Cloud;
  region: string;
  tier: string;
  memoryGb: number;
}): number {
  const { cloud, region, tier, memoryGb } = options;
  const price = regionPrices({ cloud, region }).caches[tier];
  if (price === undefined) {
    throw new MissingPriceError(`cache tier "${tier}"`, cloud, region);
  }
  if ('perNodeHour' in price) return price.perNodeHour;
  const band = price.perGbHour.find(candidate => memoryGb <= candidate.upToGb);
  if (!band) {
    throw new MissingPriceError(
      `cache tier "${tier}" with ${memoryGb} GB`,
      cloud,
      region,
    );
  }
  return band.price * memoryGb;
}
