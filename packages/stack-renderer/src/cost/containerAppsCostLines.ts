import type { EnvironmentPlan } from '../plan/environmentPlan';
import { appSettings } from '../spec/appSettings';
import type { Environment } from '../spec/profiles';
import type { StackSpec } from '../spec/stackSpec';
import { containerAppSize } from '../terraform/azure/containerAppSize';
import { formatQuantity } from './formatUsd';
import { regionPrices } from './priceLookup';
import { roundPrice } from './serviceCost';
import type { CostLineItem } from './types';
import { HOURS_PER_MONTH } from './usageAssumptions';

/** A cost line before the estimate adds its cloud, environment, category and monthly amount. */
type ContainerAppsCostLine = Omit<
  CostLineItem,
  'cloud' | 'environment' | 'category' | 'monthly'
>;

/** Where the Container Apps prices below come from. */
export const CONTAINER_APPS_PRICE_SOURCE =
  'https://azure.microsoft.com/pricing/details/container-apps/';

/**
 * Azure Container Apps Consumption list prices (USD, East US, pay as you go), from
 * {@link CONTAINER_APPS_PRICE_SOURCE}: active usage $0.000024 per vCPU-second and $0.000003 per
 * GiB-second (idle replicas: $0.000003 per vCPU-second, memory unchanged), $0.40 per million
 * requests. Other regions take the multiplier the price table derives their prices with (as every
 * other line of the region does; not re-checked against Azure's per-region list). The monthly
 * free grant (180,000 vCPU-seconds, 360,000 GiB-seconds and 2 million requests) is per subscription,
 * shared by every app in it, so it is not subtracted from any one environment.
 */
const CONTAINER_APPS_PRICES = {
  vcpuSecond: 0.000024,
  gibSecond: 0.000003,
  millionRequests: 0.4,
} as const;

/** Requests the app serves a month, in millions: usage the spec cannot know (COST.md says so). */
export const CONTAINER_APPS_REQUESTS_MILLIONS: Readonly<
  Record<Environment, number>
> = { dev: 1, staging: 2, prod: 20 };

/**
 * The Container Apps lines of one serverless Azure environment: the replicas spec.app.hpa.min
 * keeps running, billed every second at the active rate (an upper bound: a replica that uses less
 * than 0.01 vCPU and 1,000 bytes/s is billed the idle CPU rate), vCPU and memory apart, and the
 * assumed requests. Scale-out above the minimum depends on traffic and is not priced.
 */
export function containerAppsCostLines(
  spec: StackSpec,
  plan: EnvironmentPlan,
): ContainerAppsCostLine[] {
  const { environment, region } = plan;
  const size = containerAppSize(appSettings({ spec, environment }).resources);
  const factor =
    regionPrices({ cloud: 'azure', region }).derivedFrom?.multiplier ?? 1;
  const prices = {
    vcpuSecond: CONTAINER_APPS_PRICES.vcpuSecond * factor,
    gibSecond: CONTAINER_APPS_PRICES.gibSecond * factor,
    millionRequests: roundPrice(CONTAINER_APPS_PRICES.millionRequests * factor),
  };
  const replicas = plan.hpa.min;
  const requests = CONTAINER_APPS_REQUESTS_MILLIONS[environment];
  const at = `${replicas} replica${
    replicas === 1 ? '' : 's'
  } kept at rest (spec.app.hpa.min, up to ${plan.hpa.max})`;
  // Priced per hour so the unit price stays readable; the description names the per-second list price.
  return [
    {
      description: `Container Apps vCPU: ${at} × ${formatQuantity(
        size.cpu,
      )} vCPU, active rate ($${prices.vcpuSecond.toFixed(7)} per vCPU-second)`,
      quantity: replicas * size.cpu * HOURS_PER_MONTH,
      unit: 'vCPU-hour',
      unitPrice: roundPrice(prices.vcpuSecond * 3600),
    },
    {
      description: `Container Apps memory: ${at} × ${formatQuantity(
        size.memoryGib,
      )} GiB ($${prices.gibSecond.toFixed(7)} per GiB-second)`,
      quantity: replicas * size.memoryGib * HOURS_PER_MONTH,
      unit: 'GiB-hour',
      unitPrice: roundPrice(prices.gibSecond * 3600),
    },
    {
      description: `Container Apps requests (assumed ${formatQuantity(
        requests,
      )} million)`,
      quantity: requests,
      unit: 'million requests',
      unitPrice: prices.millionRequests,
    },
  ];
}
