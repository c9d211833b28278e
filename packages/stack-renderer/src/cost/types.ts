import type { Environment } from '../spec/profiles';
import type { Cloud } from '../spec/regions';
import type { StackSpec } from '../spec/stackSpec';

/**
 * What a cost line pays for that is not a service of the stack: the cluster (or the serverless
 * containers of a serverless environment), its network and the platform's logs.
 */
export const INFRASTRUCTURE_COST_CATEGORIES = [
  'control-plane',
  'nodes',
  'serverless',
  'nat',
  'endpoints',
  'load-balancer',
  'logs',
] as const;

/**
 * What a cost line pays for: one of the infrastructure categories (`control-plane`, `nodes`,
 * `nat`, `endpoints`, `load-balancer`, `logs`) or a service's cost category (`database`, `cache`,
 * `object-storage`, …, from the service registry).
 *
 * @public
 */
export type CostCategory = string;

/**
 * One priced item of one environment on one cloud. `monthly` is `quantity × unitPrice`, rounded to the cent.
 *
 * @public
 */
export interface CostLineItem {
  cloud: Cloud;
  environment: Environment;
  category: CostCategory;
  description: string;
  /** Amount per month in `unit`s, e.g. 1460 node-hours or 50 GB-months. */
  quantity: number;
  unit: string;
  /** USD per `unit`. */
  unitPrice: number;
  /** USD per month. */
  monthly: number;
}

/**
 * The monthly total of one environment on one cloud.
 *
 * @public
 */
export interface CloudEnvironmentTotal {
  cloud: Cloud;
  environment: Environment;
  region: string;
  monthly: number;
}

/**
 * The monthly total of one environment over every cloud.
 *
 * @public
 */
export interface EnvironmentTotal {
  environment: Environment;
  monthly: number;
}

/**
 * The monthly total of one cloud over every environment.
 *
 * @public
 */
export interface CloudTotal {
  cloud: Cloud;
  monthly: number;
}

/**
 * What the GPU pool, estimated at its minimum of zero nodes, would cost with every node running.
 *
 * @public
 */
export interface GpuAtFullScale {
  cloud: Cloud;
  environment: Environment;
  machineType: string;
  maxNodes: number;
  hourlyPerNode: number;
  monthly: number;
}

/**
 * A currency a StackSpec budget may be stated in.
 *
 * @public
 */
export type BudgetCurrency = NonNullable<
  StackSpec['spec']['budget']
>['currency'];

/**
 * The stack's budget next to the estimate; only compared when both are in USD (no silent conversion).
 *
 * @public
 */
export interface BudgetComparison {
  monthly: number;
  currency: BudgetCurrency;
  status: 'within' | 'over' | 'not-comparable';
}

/**
 * A monthly cost estimate of a StackSpec from list prices. All amounts in USD.
 *
 * @public
 */
export interface CostEstimate {
  currency: 'USD';
  hoursPerMonth: 730;
  /** Date the price table was compiled (YYYY-MM-DD). */
  pricesAsOf: string;
  /** Ordered by cloud, environment, then category. */
  lineItems: CostLineItem[];
  totals: {
    byCloudEnvironment: CloudEnvironmentTotal[];
    byEnvironment: EnvironmentTotal[];
    byCloud: CloudTotal[];
    overall: number;
  };
  gpuAtFullScale: GpuAtFullScale[];
  budget?: BudgetComparison;
  assumptions: string[];
  notes: string[];
}
