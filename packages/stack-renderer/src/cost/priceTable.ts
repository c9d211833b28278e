/**
 * List prices used by the cost estimate: on-demand, Linux, pay-as-you-go, in USD, without
 * taxes, discounts, credits or commitments.
 *
 * HOW THIS TABLE WAS COMPILED — read before relying on a number:
 * - Compiled on PRICES_AS_OF from the providers' public price lists, mostly from the compiler's
 *   own knowledge of those lists; the live pricing pages could not be opened while compiling.
 *   Stored copies of public pages were searched and agree with the figures below for: the EKS
 *   fee of $0.10/h in standard support (AWS containers blog on extended-support pricing); the GKE
 *   fee of $0.10/h per cluster and the $74.40 monthly free-tier credit (stored copy of
 *   cloud.google.com/kubernetes-engine/pricing); Spot VMs at 60–91% off (same page); NAT gateway
 *   $0.045/h + $0.045/GB in US East (several third-party write-ups); Cloud SQL Enterprise
 *   $0.0413 per vCPU-hour and $0.007 per GB-hour in us-central1 (third-party write-up citing
 *   Google); g5.xlarge $1.006/h in us-east-1 (third-party write-up); EKS extended support at
 *   $0.10 + $0.50 per cluster-hour and the EKS Auto Mode fee of about 12% of each instance's
 *   on-demand price (third-party EKS pricing guides of 2026 citing the EKS pricing page; the fee
 *   is modelled as exactly 12%, per instance-hour, spot included). Nothing else was checked
 *   against a live or stored price page. Prices change: verify before committing spend.
 * - Regions marked `basis: 'listed'` carry per-region list prices. Regions marked `'derived'`
 *   are that cloud's reference region multiplied by a documented regional multiplier (the
 *   typical ratio of that region's list prices for general-purpose VMs to the reference
 *   region's); they are approximations and say so in every estimate that uses them.
 * - Spot capacity is priced as a typical discount per cloud, not a price: spot prices move
 *   (AWS continuously, GCP up to once a month, Azure with demand), so the figure is a planning
 *   assumption only.
 * - Each price kind records the provider page it comes from in `sources`.
 */
import type { Cloud } from '../spec/regions';

/** The date this table was compiled (YYYY-MM-DD). */
export const PRICES_AS_OF = '2026-11-22';

/**
 * Azure Managed Redis without high availability runs one node instead of two and is billed at
 * half the price of the same SKU with it.
 */
export const AZURE_MANAGED_REDIS_WITHOUT_HA_FACTOR = 0.5;

/** A cache tier priced per node-hour (ElastiCache; Azure Managed Redis per instance) or per GB-hour by capacity band (Memorystore). */
export type CachePrice =
  | { perNodeHour: number }
  | { perGbHour: ReadonlyArray<{ upToGb: number; price: number }> };

/** Prices that differ by region. */
export interface RegionPrices {
  /** `listed`: per-region list prices; `derived`: another region's prices × a multiplier. */
  basis: 'listed' | 'derived';
  derivedFrom?: { region: string; multiplier: number };
  /** On-demand Linux VM, USD per hour, by machine type. */
  machines: Readonly<Record<string, number>>;
  /** GPUs attached to a machine type that does not include them (GCP N1), USD per GPU-hour. */
  accelerators: Readonly<Record<string, number>>;
  /** Managed PostgreSQL, one instance without standby, USD per hour, by tier. */
  databases: Readonly<Record<string, number>>;
  /** Managed Redis, by tier. */
  caches: Readonly<Record<string, CachePrice>>;
  /** Database storage, one copy, USD per GB-month. */
  databaseStoragePerGbMonth: number;
  /** Node boot disks (AWS gp3, GCP pd-balanced, Azure Premium SSD), USD per GB-month. */
  nodeDiskPerGbMonth: number;
  /**
   * AWS EBS options of custom node pool disks: gp3 IOPS above 3000 and throughput above
   * 125 MiB/s, and io2 storage and provisioned IOPS (first tier, up to 32,000), USD per month.
   */
  /** GCP SSD persistent disk (pd-ssd) of custom node pool boot disks, USD per GB-month. */
  pdSsdPerGbMonth?: number;
  ebs?: {
    gp3IopsPerMonth: number;
    gp3ThroughputPerMibsMonth: number;
    io2PerGbMonth: number;
    io2IopsPerMonth: number;
  };
  /** USD per NAT gateway-hour; on GCP, Cloud NAT bills per VM-hour instead. */
  natPerHour: number;
  /** NAT data processing, USD per GB. */
  natPerGb: number;
  /** Public IPv4 address in use, USD per hour. */
  publicIpv4PerHour: number;
  /** Application load balancer / forwarding rule, USD per hour. */
  loadBalancerPerHour: number;
  /** Load balancer data processed, USD per GB (AWS: 1 LCU ≈ 1 GB/h processed). */
  loadBalancerPerGb: number;
  /** Object storage, standard/hot class, locally redundant, USD per GB-month. */
  objectStoragePerGbMonth: number;
  /** Object storage, zone-redundant where that is a separate price (Azure ZRS), USD per GB-month. */
  objectStorageZoneRedundantPerGbMonth: number;
  /** Log ingestion, USD per GB. */
  logIngestionPerGb: number;
  /** AWS interface VPC endpoint, USD per endpoint and zone per hour, where the network renders them. */
  interfaceEndpointPerHour?: number;
  /** AWS interface VPC endpoint data processed, USD per GB. */
  interfaceEndpointPerGb?: number;
}

/** Where each kind of price comes from. */
export type PriceSourceKey =
  | 'compute'
  | 'spot'
  | 'controlPlane'
  | 'database'
  | 'cache'
  | 'nat'
  | 'loadBalancer'
  | 'blockStorage'
  | 'objectStorage'
  | 'registry'
  | 'logs'
  | 'metrics'
  | 'endpoints';

export type RegistryPrice =
  | { perGbMonth: number }
  /** A registry SKU billed per day with storage included (Azure Container Registry). */
  | { perDay: number; includedGb: number; sku: string };

/** Prices that are the same in every region of a cloud, plus the regions. */
export interface CloudPrices {
  /** Managed Kubernetes control plane, USD per cluster-hour (EKS standard support, GKE, AKS Standard tier). */
  controlPlanePerHour: number;
  /** EKS: control plane of a version in extended support, USD per cluster-hour (fee included). */
  controlPlaneExtendedSupportPerHour?: number;
  /**
   * EKS Auto Mode management fee as a fraction of the instance type's on-demand price, charged per
   * instance-hour whatever the purchase option (spot included).
   */
  managedComputeFeeFraction?: number;
  /** Control plane without an SLA where the cloud offers one (AKS Free tier). */
  controlPlaneFreeTierPerHour?: number;
  /** Typical spot/preemptible discount off on-demand, 0–1. */
  spotDiscount: number;
  /** Cloud NAT bills per VM-hour up to this many VMs per gateway (GCP). */
  natVmHourCap?: number;
  /** Machine types whose price already includes their GPUs (GCP G2 includes the L4). */
  bundledAcceleratorMachinePrefixes: readonly string[];
  registry: RegistryPrice;
  /** Managed Prometheus, USD per million samples ingested (first pricing tier). */
  metricsPerMillionSamples: number;
  /** Managed Grafana instance, USD per hour, where the rendered monitoring creates one. */
  managedGrafanaPerHour?: number;
  sources: Readonly<Record<Exclude<PriceSourceKey, 'endpoints'>, string>> & {
    /** Only where the rendered monitoring creates a managed Grafana. */
    readonly grafana?: string;
    /** Only where the rendered network has priced endpoints. */
    readonly endpoints?: string;
  };
  referenceRegion: string;
  regions: Readonly<Record<string, RegionPrices>>;
}

type ListedPrices = Omit<RegionPrices, 'basis' | 'derivedFrom'>;

function round(value: number): number {
  return Math.round(value * 100_000) / 100_000;
}

function scale<Key extends string>(
  prices: Readonly<Record<Key, number>>,
  multiplier: number,
): Record<Key, number> {
  const result = {} as Record<Key, number>;
  for (const key of Object.keys(prices) as Key[]) {
    result[key] = round(prices[key] * multiplier);
  }
  return result;
}

function scaleCache(price: CachePrice, multiplier: number): CachePrice {
  if ('perNodeHour' in price) {
    return { perNodeHour: round(price.perNodeHour * multiplier) };
  }
  return {
    perGbHour: price.perGbHour.map(band => ({
      upToGb: band.upToGb,
      price: round(band.price * multiplier),
    })),
  };
}

/** A region without reliable per-region prices: the reference region's prices × multiplier. */
function derived(options: {
  from: string;
  prices: ListedPrices;
  multiplier: number;
}): RegionPrices {
  const { from, prices, multiplier } = options;
  const caches: Record<string, CachePrice> = {};
  for (const [tier, price] of Object.entries(prices.caches)) {
    caches[tier] = scaleCache(price, multiplier);
  }
  return {
    basis: 'derived',
    derivedFrom: { region: from, multiplier },
    machines: scale(prices.machines, multiplier),
    accelerators: scale(prices.accelerators, multiplier),
    databases: scale(prices.databases, multiplier),
    caches,
    databaseStoragePerGbMonth: round(
      prices.databaseStoragePerGbMonth * multiplier,
    ),
    nodeDiskPerGbMonth: round(prices.nodeDiskPerGbMonth * multiplier),
    ...(prices.pdSsdPerGbMonth
      ? { pdSsdPerGbMonth: round(prices.pdSsdPerGbMonth * multiplier) }
      : {}),
    ...(prices.ebs
      ? {
          ebs: {
            gp3IopsPerMonth: round(prices.ebs.gp3IopsPerMonth * multiplier),
            gp3ThroughputPerMibsMonth: round(
              prices.ebs.gp3ThroughputPerMibsMonth * multiplier,
            ),
            io2PerGbMonth: round(prices.ebs.io2PerGbMonth * multiplier),
            io2IopsPerMonth: round(prices.ebs.io2IopsPerMonth * multiplier),
          },
        }
      : {}),
    natPerHour: round(prices.natPerHour * multiplier),
    natPerGb: round(prices.natPerGb * multiplier),
    // Public IPv4 is priced the same in every region on all three clouds.
    publicIpv4PerHour: prices.publicIpv4PerHour,
    loadBalancerPerHour: round(prices.loadBalancerPerHour * multiplier),
    loadBalancerPerGb: round(prices.loadBalancerPerGb * multiplier),
    objectStoragePerGbMonth: round(prices.objectStoragePerGbMonth * multiplier),
    objectStorageZoneRedundantPerGbMonth: round(
      prices.objectStorageZoneRedundantPerGbMonth * multiplier,
    ),
    logIngestionPerGb: round(prices.logIngestionPerGb * multiplier),
    ...(prices.interfaceEndpointPerHour === undefined
      ? {}
      : {
          interfaceEndpointPerHour: round(
            prices.interfaceEndpointPerHour * multiplier,
          ),
        }),
    ...(prices.interfaceEndpointPerGb === undefined
      ? {}
      : {
          interfaceEndpointPerGb: round(
            prices.interfaceEndpointPerGb * multiplier,
          ),
        }),
  };
}

function listed(prices: ListedPrices): RegionPrices {
  return { basis: 'listed', ...prices };
}

// ---------------------------------------------------------------------------------------------
// AWS. us-east-1, us-east-2 and us-west-2 share list prices for every SKU used here; eu-west-1
// has its own. eu-central-1 and ap-southeast-1 are derived from us-east-1.

const AWS_US: ListedPrices = {
  machines: {
    'm6i.large': 0.096,
    'm6a.large': 0.0864,
    'm5.large': 0.096,
    'm6i.xlarge': 0.192,
    'm6a.xlarge': 0.1728,
    'm5.xlarge': 0.192,
    'm6i.2xlarge': 0.384,
    'm6a.2xlarge': 0.3456,
    'm5.2xlarge': 0.384,
    // The analytics-hub example's node groups (custom pools).
    'm5a.2xlarge': 0.344,
    'm5n.2xlarge': 0.476,
    'r5.2xlarge': 0.504,
    'g5.xlarge': 1.006,
    'g5.2xlarge': 1.212,
    'g5.4xlarge': 1.624,
  },
  accelerators: {},
  // RDS for PostgreSQL, Single-AZ; Multi-AZ (one standby) is twice this.
  databases: {
    'db.t4g.medium': 0.065,
    'db.r6g.large': 0.225,
    'db.r6g.2xlarge': 0.899,
  },
  caches: {
    'cache.t4g.small': { perNodeHour: 0.032 },
    'cache.r6g.large': { perNodeHour: 0.206 },
    'cache.r6g.xlarge': { perNodeHour: 0.411 },
  },
  databaseStoragePerGbMonth: 0.115, // RDS gp3, Single-AZ
  nodeDiskPerGbMonth: 0.08, // EBS gp3
  ebs: {
    gp3IopsPerMonth: 0.005,
    gp3ThroughputPerMibsMonth: 0.04,
    io2PerGbMonth: 0.125,
    io2IopsPerMonth: 0.065,
  },
  natPerHour: 0.045,
  natPerGb: 0.045,
  publicIpv4PerHour: 0.005,
  loadBalancerPerHour: 0.0225, // ALB
  loadBalancerPerGb: 0.008, // $0.008 per LCU-hour; 1 LCU covers 1 GB/h processed for EC2/IP targets
  objectStoragePerGbMonth: 0.023, // S3 Standard, first 50 TB
  objectStorageZoneRedundantPerGbMonth: 0.023, // S3 Standard already spans three zones
  logIngestionPerGb: 0.5, // CloudWatch Logs, standard class
  interfaceEndpointPerHour: 0.01, // PrivateLink interface endpoint, per zone
  interfaceEndpointPerGb: 0.01, // first PB processed
};

const AWS_EU_WEST_1: ListedPrices = {
  machines: {
    'm6i.large': 0.107,
    'm6a.large': 0.0963,
    'm5.large': 0.107,
    'm6i.xlarge': 0.214,
    'm6a.xlarge': 0.1926,
    'm5.xlarge': 0.214,
    'm6i.2xlarge': 0.428,
    'm6a.2xlarge': 0.3852,
    'm5.2xlarge': 0.428,
    'm5a.2xlarge': 0.384,
    'm5n.2xlarge': 0.536,
    'r5.2xlarge': 0.564,
    'g5.xlarge': 1.123,
    'g5.2xlarge': 1.353,
    'g5.4xlarge': 1.813,
  },
  accelerators: {},
  databases: {
    'db.t4g.medium': 0.072,
    'db.r6g.large': 0.25,
    'db.r6g.2xlarge': 1.0,
  },
  caches: {
    'cache.t4g.small': { perNodeHour: 0.036 },
    'cache.r6g.large': { perNodeHour: 0.228 },
    'cache.r6g.xlarge': { perNodeHour: 0.455 },
  },
  databaseStoragePerGbMonth: 0.127,
  nodeDiskPerGbMonth: 0.088,
  ebs: {
    gp3IopsPerMonth: 0.0055,
    gp3ThroughputPerMibsMonth: 0.044,
    io2PerGbMonth: 0.138,
    io2IopsPerMonth: 0.072,
  },
  natPerHour: 0.048,
  natPerGb: 0.048,
  publicIpv4PerHour: 0.005,
  loadBalancerPerHour: 0.0252,
  loadBalancerPerGb: 0.008,
  objectStoragePerGbMonth: 0.023,
  objectStorageZoneRedundantPerGbMonth: 0.023,
  logIngestionPerGb: 0.57,
  interfaceEndpointPerHour: 0.011,
  interfaceEndpointPerGb: 0.01,
};

const AWS: CloudPrices = {
  controlPlanePerHour: 0.1, // EKS, Kubernetes version in standard support
  // $0.10 + $0.50 per cluster-hour once the version leaves standard support.
  controlPlaneExtendedSupportPerHour: 0.6,
  // EKS Auto Mode fee, about 12% of the on-demand price of each instance type it manages.
  managedComputeFeeFraction: 0.12,
  spotDiscount: 0.6,
  bundledAcceleratorMachinePrefixes: [],
  registry: { perGbMonth: 0.1 }, // ECR private repositories
  metricsPerMillionSamples: 0.09, // Amazon Managed Service for Prometheus: $0.90 per 10 M samples, first 2 B
  sources: {
    compute: 'https://aws.amazon.com/ec2/pricing/on-demand/',
    spot: 'https://aws.amazon.com/ec2/spot/pricing/',
    controlPlane: 'https://aws.amazon.com/eks/pricing/',
    database: 'https://aws.amazon.com/rds/postgresql/pricing/',
    cache: 'https://aws.amazon.com/elasticache/pricing/',
    nat: 'https://aws.amazon.com/vpc/pricing/',
    loadBalancer: 'https://aws.amazon.com/elasticloadbalancing/pricing/',
    blockStorage: 'https://aws.amazon.com/ebs/pricing/',
    objectStorage: 'https://aws.amazon.com/s3/pricing/',
    registry: 'https://aws.amazon.com/ecr/pricing/',
    logs: 'https://aws.amazon.com/cloudwatch/pricing/',
    metrics: 'https://aws.amazon.com/prometheus/pricing/',
    endpoints: 'https://aws.amazon.com/privatelink/pricing/',
  },
  referenceRegion: 'us-east-1',
  regions: {
    'us-east-1': listed(AWS_US),
    'us-east-2': listed(AWS_US),
    'us-west-2': listed(AWS_US),
    'eu-west-1': listed(AWS_EU_WEST_1),
    // Frankfurt lists general-purpose instances about 20% above N. Virginia (m6i.large $0.115).
    'eu-central-1': derived({
      from: 'us-east-1',
      prices: AWS_US,
      multiplier: 1.2,
    }),
    // Singapore lists general-purpose instances about 25% above N. Virginia (m6i.large $0.120).
    'ap-southeast-1': derived({
      from: 'us-east-1',
      prices: AWS_US,
      multiplier: 1.25,
    }),
  },
};

// ---------------------------------------------------------------------------------------------
// GCP. us-central1, us-east1 and us-west1 share list prices for every SKU used here. The
// European and Asian regions are derived from us-central1.

const GCP_US: ListedPrices = {
  machines: {
    'e2-standard-2': 0.067006,
    'e2-standard-4': 0.134012,
    'n2-standard-2': 0.097118,
    'n2-standard-4': 0.194236,
    'n2-standard-8': 0.388472,
    'n2-highmem-8': 0.524056, // 8 vCPU, 64 GB: the memory-optimised pools
    'n1-standard-4': 0.189999,
    // G2 prices include their NVIDIA L4 GPU.
    'g2-standard-8': 0.853624,
    'g2-standard-16': 1.147217,
  },
  accelerators: {
    'nvidia-tesla-t4': 0.35,
  },
  // Cloud SQL Enterprise edition: $0.0413 per vCPU-hour + $0.007 per GB-hour of memory, one
  // zone; a regional (HA) instance costs twice this.
  databases: {
    'db-custom-2-7680': 0.1351, // 2 vCPU, 7.5 GB
    'db-custom-4-15360': 0.2702, // 4 vCPU, 15 GB
    'db-custom-8-30720': 0.5404, // 8 vCPU, 30 GB
  },
  // Memorystore for Redis, per GB-hour by capacity band (M1 1–4 GB … M5 >100 GB); Standard
  // tier includes the replica.
  caches: {
    BASIC: {
      perGbHour: [
        { upToGb: 4, price: 0.049 },
        { upToGb: 10, price: 0.027 },
        { upToGb: 35, price: 0.023 },
        { upToGb: 100, price: 0.019 },
        { upToGb: 300, price: 0.016 },
      ],
    },
    STANDARD_HA: {
      perGbHour: [
        { upToGb: 4, price: 0.064 },
        { upToGb: 10, price: 0.035 },
        { upToGb: 35, price: 0.03 },
        { upToGb: 100, price: 0.025 },
        { upToGb: 300, price: 0.021 },
      ],
    },
  },
  databaseStoragePerGbMonth: 0.17, // Cloud SQL SSD, zonal
  nodeDiskPerGbMonth: 0.1, // pd-balanced
  pdSsdPerGbMonth: 0.17, // pd-ssd
  natPerHour: 0.0014, // Cloud NAT, per VM-hour, capped at 32 VMs per gateway
  natPerGb: 0.045,
  publicIpv4PerHour: 0.005,
  loadBalancerPerHour: 0.025, // first five forwarding rules
  loadBalancerPerGb: 0.008, // inbound data processed by the load balancer
  objectStoragePerGbMonth: 0.02, // Cloud Storage Standard, regional
  objectStorageZoneRedundantPerGbMonth: 0.02, // regional buckets are already zone-redundant
  logIngestionPerGb: 0.5, // Cloud Logging, after the 50 GiB per project free allotment
};

const GCP: CloudPrices = {
  controlPlanePerHour: 0.1, // GKE cluster management fee, zonal or regional
  spotDiscount: 0.65,
  natVmHourCap: 32,
  bundledAcceleratorMachinePrefixes: ['g2-'],
  registry: { perGbMonth: 0.1 }, // Artifact Registry, after 0.5 GB free
  metricsPerMillionSamples: 0.06, // Managed Service for Prometheus, first 50 B samples
  sources: {
    compute: 'https://cloud.google.com/compute/vm-instance-pricing',
    spot: 'https://cloud.google.com/spot-vms/pricing',
    controlPlane: 'https://cloud.google.com/kubernetes-engine/pricing',
    database: 'https://cloud.google.com/sql/pricing',
    cache: 'https://cloud.google.com/memorystore/docs/redis/pricing',
    nat: 'https://cloud.google.com/nat/pricing',
    loadBalancer: 'https://cloud.google.com/vpc/network-pricing#lb',
    blockStorage: 'https://cloud.google.com/compute/disks-image-pricing',
    objectStorage: 'https://cloud.google.com/storage/pricing',
    registry: 'https://cloud.google.com/artifact-registry/pricing',
    logs: 'https://cloud.google.com/stackdriver/pricing',
    metrics:
      'https://cloud.google.com/stackdriver/pricing#monitoring-pricing-summary',
  },
  referenceRegion: 'us-central1',
  regions: {
    'us-central1': listed(GCP_US),
    'us-east1': listed(GCP_US),
    'us-west1': listed(GCP_US),
    // Belgium and the Netherlands list general-purpose VMs about 10% above Iowa.
    'europe-west1': derived({
      from: 'us-central1',
      prices: GCP_US,
      multiplier: 1.1,
    }),
    'europe-west4': derived({
      from: 'us-central1',
      prices: GCP_US,
      multiplier: 1.1,
    }),
    // Singapore lists general-purpose VMs about 23% above Iowa.
    'asia-southeast1': derived({
      from: 'us-central1',
      prices: GCP_US,
      multiplier: 1.23,
    }),
  },
};

// ---------------------------------------------------------------------------------------------
// Azure. East US, East US 2 and West US 2 share list prices for every SKU used here. The
// European and Asian regions are derived from East US.

const AZURE_US: ListedPrices = {
  machines: {
    Standard_D2s_v5: 0.096,
    Standard_D4s_v5: 0.192,
    Standard_D8s_v5: 0.384,
    Standard_E8s_v5: 0.504, // 8 vCPU, 64 GiB: the memory-optimised pools
    Standard_NC4as_T4_v3: 0.526,
    Standard_NC8as_T4_v3: 0.752,
    Standard_NC24ads_A100_v4: 3.673,
  },
  accelerators: {},
  // Azure Database for PostgreSQL Flexible Server, General Purpose Ddsv5 ($0.089 per
  // vCore-hour); zone-redundant HA bills the standby at the same rate.
  databases: {
    GP_Standard_D2ds_v5: 0.178,
    GP_Standard_D4ds_v5: 0.356,
    GP_Standard_D8ds_v5: 0.712,
  },
  // Azure Managed Redis, Balanced tier, per instance-hour with high availability (primary and
  // replica); without it the same SKU costs half (AZURE_MANAGED_REDIS_WITHOUT_HA_FACTOR). Added
  // on 2026-12-05 like the rest of the table, from the compiler's knowledge of the price list:
  // not checked against the live price page.
  caches: {
    Balanced_B1: { perNodeHour: 0.116 },
    Balanced_B5: { perNodeHour: 0.362 },
    Balanced_B10: { perNodeHour: 0.724 },
  },
  databaseStoragePerGbMonth: 0.115,
  nodeDiskPerGbMonth: 0.154, // Premium SSD managed disks (P6 64 GiB ≈ $9.86/month)
  natPerHour: 0.045,
  natPerGb: 0.045,
  publicIpv4PerHour: 0.005, // Standard static public IP
  loadBalancerPerHour: 0.025, // Standard Load Balancer, first five rules
  loadBalancerPerGb: 0.005,
  objectStoragePerGbMonth: 0.0184, // Blob Storage Hot LRS, first 50 TB
  objectStorageZoneRedundantPerGbMonth: 0.023, // Blob Storage Hot ZRS
  logIngestionPerGb: 2.3, // Log Analytics, Analytics logs, pay-as-you-go
};

const AZURE: CloudPrices = {
  controlPlanePerHour: 0.1, // AKS Standard tier
  controlPlaneFreeTierPerHour: 0, // AKS Free tier (no financially backed SLA)
  spotDiscount: 0.65,
  bundledAcceleratorMachinePrefixes: [],
  // Container Registry Premium (the tier with private endpoints), 500 GB included.
  registry: { perDay: 1.667, includedGb: 500, sku: 'Premium' },
  metricsPerMillionSamples: 0.016, // Azure Monitor managed Prometheus: $0.16 per 10 M samples
  managedGrafanaPerHour: 0.069, // Azure Managed Grafana Standard instance, active users extra
  sources: {
    compute:
      'https://azure.microsoft.com/en-us/pricing/details/virtual-machines/linux/',
    spot: 'https://azure.microsoft.com/en-us/pricing/spot-advisor/',
    controlPlane:
      'https://azure.microsoft.com/en-us/pricing/details/kubernetes-service/',
    database:
      'https://azure.microsoft.com/en-us/pricing/details/postgresql/flexible-server/',
    cache: 'https://azure.microsoft.com/en-us/pricing/details/managed-redis/',
    nat: 'https://azure.microsoft.com/en-us/pricing/details/azure-nat-gateway/',
    loadBalancer:
      'https://azure.microsoft.com/en-us/pricing/details/load-balancer/',
    blockStorage:
      'https://azure.microsoft.com/en-us/pricing/details/managed-disks/',
    objectStorage:
      'https://azure.microsoft.com/en-us/pricing/details/storage/blobs/',
    registry:
      'https://azure.microsoft.com/en-us/pricing/details/container-registry/',
    logs: 'https://azure.microsoft.com/en-us/pricing/details/monitor/',
    metrics: 'https://azure.microsoft.com/en-us/pricing/details/monitor/',
    grafana:
      'https://azure.microsoft.com/en-us/pricing/details/managed-grafana/',
  },
  referenceRegion: 'eastus',
  regions: {
    eastus: listed(AZURE_US),
    eastus2: listed(AZURE_US),
    westus2: listed(AZURE_US),
    // West Europe lists Dsv5 VMs about 20% above East US.
    westeurope: derived({ from: 'eastus', prices: AZURE_US, multiplier: 1.2 }),
    // North Europe lists Dsv5 VMs about 10% above East US.
    northeurope: derived({ from: 'eastus', prices: AZURE_US, multiplier: 1.1 }),
    // Southeast Asia lists Dsv5 VMs about 20% above East US.
    southeastasia: derived({
      from: 'eastus',
      prices: AZURE_US,
      multiplier: 1.2,
    }),
  },
};

/** The price table, by cloud. */
export const PRICE_TABLE: Readonly<Record<Cloud, CloudPrices>> = {
  aws: AWS,
  gcp: GCP,
  azure: AZURE,
};
