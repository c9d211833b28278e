import type { EnvironmentPlan } from '../plan/environmentPlan';
import { appSettings } from '../spec/appSettings';
import { deploymentTargets } from '../spec/deploymentTargets';
import type { StackSpec } from '../spec/stackSpec';
import { fargateTaskSize } from '../terraform/aws/fargateTaskSize';
import { MissingPriceError } from './priceLookup';
import type { CostLineItem } from './types';
import { HOURS_PER_MONTH } from './usageAssumptions';

/** A cost line before the estimate adds its cloud, environment and monthly amount. */
export type ServerlessCostLine = Omit<
  CostLineItem,
  'cloud' | 'environment' | 'monthly'
>;

/**
 * AWS Fargate on-demand list prices, Linux/x86, USD per vCPU-hour and per GB-hour
 * (https://aws.amazon.com/fargate/pricing/; us-east-1 $0.04048 and $0.004445).
 */
const FARGATE_PRICES: Readonly<
  Record<string, { vcpuHour: number; gbHour: number }>
> = {
  'us-east-1': { vcpuHour: 0.04048, gbHour: 0.004445 },
  'us-east-2': { vcpuHour: 0.04048, gbHour: 0.004445 },
  'us-west-2': { vcpuHour: 0.04048, gbHour: 0.004445 },
  'eu-west-1': { vcpuHour: 0.04048, gbHour: 0.004445 },
  'eu-central-1': { vcpuHour: 0.04656, gbHour: 0.00511 },
  'ap-southeast-1': { vcpuHour: 0.05056, gbHour: 0.00553 },
};

/** Where the Fargate prices come from, for COST.md's sources. */
export const FARGATE_PRICE_SOURCE = 'https://aws.amazon.com/fargate/pricing/';

/**
 * The serverless compute of one environment: its tasks at the desired count (the autoscaling
 * minimum, spec.app.hpa.min) for the whole month, each the Fargate size the Terraform declares.
 * The load balancer in front of them is priced with the other load balancers. Nothing for
 * Kubernetes targets, whose compute is the control plane and the nodes.
 */
export function serverlessCostLines(
  spec: StackSpec,
  plan: EnvironmentPlan,
): ServerlessCostLine[] {
  if (plan.compute !== 'serverless') return [];
  if (plan.cloud !== 'aws') {
    throw new Error(`No serverless pricing for ${plan.cloud} yet`);
  }
  const prices = FARGATE_PRICES[plan.region];
  if (!prices) throw new MissingPriceError('Fargate', plan.cloud, plan.region);
  const settings = appSettings({ spec, environment: plan.environment });
  const size = fargateTaskSize(settings.resources.requests);
  const tasks = plan.hpa.min;
  const vcpu = size.cpu / 1024;
  const gb = size.memory / 1024;
  const hours = tasks * HOURS_PER_MONTH;
  const scale = `${tasks} tasks at rest (autoscaling up to ${plan.hpa.max})`;
  return [
    {
      category: 'serverless',
      description: `ECS on Fargate vCPU: ${scale} × ${vcpu} vCPU`,
      quantity: hours * vcpu,
      unit: 'vCPU-hour',
      unitPrice: prices.vcpuHour,
    },
    {
      category: 'serverless',
      description: `ECS on Fargate memory: ${scale} × ${gb} GB`,
      quantity: hours * gb,
      unit: 'GB-hour',
      unitPrice: prices.gbHour,
    },
  ];
}

/** The assumption COST.md states for serverless targets, with the price source; none without. */
export function serverlessAssumptions(spec: StackSpec): string[] {
  const serverless = deploymentTargets(spec).filter(
    target => target.compute === 'serverless',
  );
  if (serverless.length === 0) return [];
  return [
    `Serverless environments (${serverless
      .map(target => `${target.environment} on ${target.cloud}`)
      .join(
        ', ',
      )}): no cluster, control plane or nodes; the tasks run at their **desired** count (spec.app.hpa.min) all month, each the smallest Fargate size holding the container requests, at the Fargate list prices per vCPU-hour and GB-hour (Linux/x86, ${FARGATE_PRICE_SOURCE}). Scale-outs up to spec.app.hpa.max cost extra while they last; the Application Load Balancer in front of them is the load balancer line.`,
  ];
}
