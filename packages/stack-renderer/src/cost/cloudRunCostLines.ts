import type { EnvironmentPlan } from '../plan/environmentPlan';
import type { StackSpec } from '../spec/stackSpec';
import { cloudRunTargetSize } from '../terraform/gcp/cloudRunResources';
import { formatQuantity } from './formatUsd';
import { roundPrice } from './serviceCost';
import type { CostLineItem } from './types';
import { HOURS_PER_MONTH } from './usageAssumptions';

/** A cost line before the estimate adds its cloud, environment, category and monthly amount. */
type CloudRunCostLine = Omit<
  CostLineItem,
  'cloud' | 'environment' | 'category' | 'monthly'
>;

/** Where the Cloud Run prices below come from. */
export const CLOUD_RUN_PRICE_SOURCE = 'https://cloud.google.com/run/pricing';

/**
 * Cloud Run list prices (USD) for services with instance-based billing ("CPU always allocated"),
 * from {@link CLOUD_RUN_PRICE_SOURCE}: Tier 1 regions $0.000018 per vCPU-second and $0.000002 per
 * GiB-second, no per-request fee; Tier 2 regions (asia-southeast1 among the stack's regions)
 * $0.0000252 and $0.0000028 (own reading of the same page, not re-checked here). The free tier
 * (240,000 vCPU-seconds and 450,000 GiB-seconds a month) is per billing account, so it is not
 * subtracted from any one environment.
 */
const CLOUD_RUN_PRICES = {
  tier1: { vcpuSecond: 0.000018, gibSecond: 0.000002 },
  tier2: { vcpuSecond: 0.0000252, gibSecond: 0.0000028 },
} as const;

const TIER2_REGIONS: readonly string[] = ['asia-southeast1'];

/**
 * An NVIDIA L4 on a Cloud Run instance with instance-based billing and without zonal redundancy
 * (gpu_zonal_redundancy off, as rendered): $0.0001867 per GPU-second, about $0.67 an hour, from
 * {@link CLOUD_RUN_PRICE_SOURCE} (own reading, the Tier 1 figure; not re-checked per region).
 */
const L4_GPU_SECOND = 0.0001867;

/**
 * The Cloud Run lines of one serverless GCP environment: the instances spec.app.hpa.min keeps
 * running at rest, billed for every second (instance-based billing, see gcpServerlessModule),
 * vCPU and memory apart. Scale-out above the minimum depends on traffic and is not priced.
 */
export function cloudRunCostLines(
  spec: StackSpec,
  plan: EnvironmentPlan,
): CloudRunCostLine[] {
  const { environment, region } = plan;
  const size = cloudRunTargetSize(spec, environment);
  const prices = TIER2_REGIONS.includes(region)
    ? CLOUD_RUN_PRICES.tier2
    : CLOUD_RUN_PRICES.tier1;
  const instances = plan.hpa.min;
  const gib = size.memoryMib / 1024;
  const at = `${instances} instance${
    instances === 1 ? '' : 's'
  } kept at rest (spec.app.hpa.min, up to ${plan.hpa.max})`;
  // Priced per hour so the unit price stays readable; the description names the per-second list price.
  return [
    {
      description: `Cloud Run vCPU: ${at} × ${
        size.cpu
      } vCPU, always allocated ($${prices.vcpuSecond.toFixed(
        7,
      )} per vCPU-second)`,
      quantity: instances * size.cpu * HOURS_PER_MONTH,
      unit: 'vCPU-hour',
      unitPrice: roundPrice(prices.vcpuSecond * 3600),
    },
    {
      description: `Cloud Run memory: ${at} × ${formatQuantity(
        gib,
      )} GiB ($${prices.gibSecond.toFixed(7)} per GiB-second)`,
      quantity: instances * gib * HOURS_PER_MONTH,
      unit: 'GiB-hour',
      unitPrice: roundPrice(prices.gibSecond * 3600),
    },
    ...(spec.spec.app.gpu
      ? [
          {
            description: `Cloud Run GPU: ${at} × 1 NVIDIA L4, without zonal redundancy ($${L4_GPU_SECOND.toFixed(
              7,
            )} per GPU-second)`,
            quantity: instances * HOURS_PER_MONTH,
            unit: 'GPU-hour',
            unitPrice: roundPrice(L4_GPU_SECOND * 3600),
          },
        ]
      : []),
  ];
}
