import type {
  EnvironmentPlan,
  PlannedCustomPool,
} from '../plan/environmentPlan';
import { formatQuantity } from './formatUsd';
import {
  MissingPriceError,
  machineHourlyPrice,
  regionPrices,
} from './priceLookup';
import { PRICE_TABLE } from './priceTable';
import { gcpNodeDiskType, pdPerformance } from '../terraform/gcp/gcpNodeDisk';
import type { CostLineItem } from './types';
import { HOURS_PER_MONTH } from './usageAssumptions';

/** A cost line before the estimate adds its cloud, environment, category and monthly amount. */
export type CustomPoolCostLine = Omit<
  CostLineItem,
  'cloud' | 'environment' | 'category' | 'monthly'
>;

/** gp3 includes 3,000 IOPS and 125 MiB/s in its per-GB price (EBS pricing page). */
const GP3_BASELINE = { iops: 3000, throughput: 125 };

function roundPrice(value: number): number {
  return Math.round(value * 100_000) / 100_000;
}

function capacity(pool: PlannedCustomPool, discount: number): string {
  const others = pool.machineTypes.slice(1);
  const alternatives = others.length > 0 ? `; also ${others.join(', ')}` : '';
  return pool.spot
    ? `on spot (typical ${Math.round(
        discount * 100,
      )}% below on-demand${alternatives})`
    : `on-demand${alternatives}`;
}

/**
 * The boot disk line of one pool on GKE (Persistent Disk, its type from the pool's IOPS and
 * throughput, see gcpNodeDiskType) or AKS (a managed Premium SSD OS disk, approximated per GB:
 * Azure bills it by size tier).
 */
function gcpOrAzureDiskLine(
  plan: EnvironmentPlan,
  pool: PlannedCustomPool,
): CustomPoolCostLine {
  const { cloud, region } = plan;
  const prices = regionPrices({ cloud, region });
  const nodes = pool.desiredNodes;
  const volumes = `${nodes} × ${pool.diskGb} GB`;
  if (cloud === 'gcp') {
    const type = gcpNodeDiskType(pool);
    const performance = pdPerformance(type, pool.diskGb);
    const unitPrice =
      type === 'pd-ssd' ? prices.pdSsdPerGbMonth : prices.nodeDiskPerGbMonth;
    if (unitPrice === undefined)
      throw new MissingPriceError('pd-ssd', cloud, region);
    return {
      description: `Node pool ${
        pool.name
      } disks (${type}, about ${formatQuantity(performance.iops)} IOPS and ${
        performance.mbps
      } MB/s each at this size): ${volumes}`,
      quantity: nodes * pool.diskGb,
      unit: 'GB-month',
      unitPrice,
    };
  }
  return {
    description: `Node pool ${pool.name} OS disks (managed Premium SSD; IOPS and throughput follow the size tier): ${volumes}`,
    quantity: nodes * pool.diskGb,
    unit: 'GB-month',
    unitPrice: prices.nodeDiskPerGbMonth,
  };
}

/** The disk lines of one pool: storage, and the IOPS and throughput above the volume's baseline. */
function diskLines(
  plan: EnvironmentPlan,
  pool: PlannedCustomPool,
): CustomPoolCostLine[] {
  const { cloud, region } = plan;
  if (cloud !== 'aws') return [gcpOrAzureDiskLine(plan, pool)];
  const prices = regionPrices({ cloud, region });
  const ebs = prices.ebs;
  if (!ebs) throw new MissingPriceError('EBS volume options', cloud, region);
  const nodes = pool.desiredNodes;
  const volumes = `${nodes} × ${pool.diskGb} GB`;
  if (pool.diskType === 'io2') {
    const iops = pool.diskIops ?? 0;
    return [
      {
        description: `Node pool ${pool.name} disks (EBS io2): ${volumes}`,
        quantity: nodes * pool.diskGb,
        unit: 'GB-month',
        unitPrice: ebs.io2PerGbMonth,
      },
      {
        description: `Node pool ${
          pool.name
        } disks, io2 provisioned IOPS: ${nodes} × ${formatQuantity(iops)}`,
        quantity: nodes * iops,
        unit: 'IOPS-month',
        unitPrice: ebs.io2IopsPerMonth,
      },
    ];
  }
  const lines: CustomPoolCostLine[] = [
    {
      description: `Node pool ${pool.name} disks (EBS gp3, ${formatQuantity(
        pool.diskIops ?? GP3_BASELINE.iops,
      )} IOPS, ${
        pool.diskThroughput ?? GP3_BASELINE.throughput
      } MiB/s): ${volumes}`,
      quantity: nodes * pool.diskGb,
      unit: 'GB-month',
      unitPrice: prices.nodeDiskPerGbMonth,
    },
  ];
  const extraIops = (pool.diskIops ?? GP3_BASELINE.iops) - GP3_BASELINE.iops;
  if (extraIops > 0) {
    lines.push({
      description: `Node pool ${
        pool.name
      } disks, gp3 IOPS above the included 3,000: ${nodes} × ${formatQuantity(
        extraIops,
      )}`,
      quantity: nodes * extraIops,
      unit: 'IOPS-month',
      unitPrice: ebs.gp3IopsPerMonth,
    });
  }
  const extraThroughput =
    (pool.diskThroughput ?? GP3_BASELINE.throughput) - GP3_BASELINE.throughput;
  if (extraThroughput > 0) {
    lines.push({
      description: `Node pool ${pool.name} disks, gp3 throughput above the included 125 MiB/s: ${nodes} × ${extraThroughput} MiB/s`,
      quantity: nodes * extraThroughput,
      unit: 'MiB/s-month',
      unitPrice: ebs.gp3ThroughputPerMibsMonth,
    });
  }
  return lines;
}

/**
 * The lines of the custom node pools of one environment (spec.cluster.nodePools), each priced at
 * its **desired** node count: EKS managed node groups hold that count (nothing in the stack scales
 * them between min and max); GKE and AKS pools start there and their cluster autoscaler moves them
 * between min and max with demand. Instances of managed node groups carry no EKS Auto Mode fee.
 */
export function customPoolCostLines(
  plan: EnvironmentPlan,
): CustomPoolCostLine[] {
  const { cloud, region } = plan;
  const discount = PRICE_TABLE[cloud].spotDiscount;
  return (plan.nodePools.custom ?? []).flatMap(pool => {
    const onDemand = machineHourlyPrice({
      cloud,
      region,
      machineType: pool.machineType,
    });
    return [
      {
        description: `Node pool ${pool.name}: ${pool.desiredNodes} × ${
          pool.machineType
        } ${capacity(pool, discount)} (desired count; min ${
          pool.minNodes
        }, max ${pool.maxNodes})`,
        quantity: pool.desiredNodes * HOURS_PER_MONTH,
        unit: 'node-hour',
        unitPrice: pool.spot ? roundPrice(onDemand * (1 - discount)) : onDemand,
      },
      ...diskLines(plan, pool),
    ];
  });
}
