import type { EnvironmentPlan } from '../plan/environmentPlan';
import { appSettings } from '../spec/appSettings';
import { deploymentTargets } from '../spec/deploymentTargets';
import type { StackSpec } from '../spec/stackSpec';
import type { Cloud } from '../spec/regions';
import { fargateTaskSize } from '../terraform/aws/fargateTaskSize';
import { cloudRunBehindLoadBalancer } from '../terraform/gcp/gcpServerlessModule';
import { CLOUD_RUN_PRICE_SOURCE, cloudRunCostLines } from './cloudRunCostLines';
import {
  CONTAINER_APPS_PRICE_SOURCE,
  CONTAINER_APPS_REQUESTS_MILLIONS,
  containerAppsCostLines,
} from './containerAppsCostLines';
import { MissingPriceError } from './priceLookup';
import type { CostCategory, CostLineItem } from './types';
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

/** The category of the serverless containers' lines (COST.md: "Serverless containers"). */
export const SERVERLESS_COST_CATEGORY = 'serverless';

/**
 * Where a cloud's serverless container prices come from, for COST.md's sources list (AWS names
 * its Fargate source in the serverless assumption instead).
 */
export const SERVERLESS_PRICE_SOURCES: Partial<Record<Cloud, string>> = {
  gcp: CLOUD_RUN_PRICE_SOURCE,
  azure: CONTAINER_APPS_PRICE_SOURCE,
};

/** What only a Kubernetes target pays for. */
const CLUSTER_CATEGORIES: ReadonlySet<CostCategory> = new Set([
  'control-plane',
  'nodes',
]);

/**
 * Whether a serverless environment skips an infrastructure line its Kubernetes twin would have:
 * the control plane and nodes everywhere. GCP: Cloud Run's egress to the internet does not pass
 * Cloud NAT (direct VPC egress carries private ranges only) and Cloud NAT bills per VM behind it,
 * of which there are none, so its lines go too; the load balancer stays only where the service
 * sits behind one (a host with TLS).
 */
export function serverlessSkipsLine(
  spec: StackSpec,
  plan: EnvironmentPlan,
  category: CostCategory,
): boolean {
  if (plan.compute !== 'serverless') return false;
  if (CLUSTER_CATEGORIES.has(category)) return true;
  // Azure: the Container Apps environment's own ingress has no charge of its own on the
  // Consumption profile; the NAT gateway stays (the Container Apps subnet leaves through it).
  if (plan.cloud === 'azure') return category === 'load-balancer';
  if (plan.cloud !== 'gcp') return false;
  return (
    category === 'nat' ||
    (category === 'load-balancer' && !cloudRunBehindLoadBalancer(spec))
  );
}

/** The ingress load balancer's description on a serverless target, when it differs. */
export function serverlessLoadBalancerDescription(
  plan: EnvironmentPlan,
): string | undefined {
  if (plan.compute !== 'serverless' || plan.cloud !== 'gcp') return undefined;
  return 'External Application Load Balancer in front of Cloud Run (serverless NEG)';
}

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
  if (plan.cloud === 'gcp') {
    return cloudRunCostLines(spec, plan).map(line => ({
      ...line,
      category: SERVERLESS_COST_CATEGORY,
    }));
  }
  if (plan.cloud === 'azure') {
    return containerAppsCostLines(spec, plan).map(line => ({
      ...line,
      category: SERVERLESS_COST_CATEGORY,
    }));
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
      category: SERVERLESS_COST_CATEGORY,
      description: `ECS on Fargate vCPU: ${scale} × ${vcpu} vCPU`,
      quantity: hours * vcpu,
      unit: 'vCPU-hour',
      unitPrice: prices.vcpuHour,
    },
    {
      category: SERVERLESS_COST_CATEGORY,
      description: `ECS on Fargate memory: ${scale} × ${gb} GB`,
      quantity: hours * gb,
      unit: 'GB-hour',
      unitPrice: prices.gbHour,
    },
  ];
}

/**
 * The assumptions COST.md states for serverless targets, one per cloud with such a target, with
 * the price source; none without.
 */
export function serverlessAssumptions(spec: StackSpec): string[] {
  const serverless = deploymentTargets(spec).filter(
    target => target.compute === 'serverless',
  );
  const on = (cloud: Cloud) =>
    serverless
      .filter(target => target.cloud === cloud)
      .map(target => `${target.environment} on ${target.cloud}`)
      .join(', ');
  const result: string[] = [];
  if (on('aws')) {
    result.push(
      `Serverless environments (${on(
        'aws',
      )}): no cluster, control plane or nodes; the tasks run at their **desired** count (spec.app.hpa.min) all month, each the smallest Fargate size holding the container requests, at the Fargate list prices per vCPU-hour and GB-hour (Linux/x86, ${FARGATE_PRICE_SOURCE}). Scale-outs up to spec.app.hpa.max cost extra while they last; the Application Load Balancer in front of them is the load balancer line.`,
    );
  }
  if (on('gcp')) {
    result.push(
      `Serverless environments (${on(
        'gcp',
      )}): no cluster, control plane, nodes or Cloud NAT; Cloud Run keeps spec.app.hpa.min instances running all month with instance-based billing (CPU always allocated), each the whole-vCPU size holding the container limits, at the Cloud Run list prices per vCPU-second and GiB-second (${CLOUD_RUN_PRICE_SOURCE}; the free tier is per billing account and not subtracted). Scale-outs up to spec.app.hpa.max cost extra while they last; with a host and TLS the external Application Load Balancer in front of the service is the load balancer line.`,
    );
  }
  if (on('azure')) {
    result.push(
      `Serverless environments (${on(
        'azure',
      )}): no cluster, control plane, nodes or ingress load balancer; Azure Container Apps (Consumption profile) keeps spec.app.hpa.min replicas running all month, each the 0.25-vCPU step holding the container limits with 2 GiB per vCPU, priced at the active rate per vCPU-second and GiB-second (an upper bound: idle replicas pay an eighth of the CPU rate) plus $0.40 per million requests, assuming ${Object.entries(
        CONTAINER_APPS_REQUESTS_MILLIONS,
      )
        .map(
          ([environment, millions]) => `${millions} million in ${environment}`,
        )
        .join(
          ', ',
        )} (${CONTAINER_APPS_PRICE_SOURCE}; East US list prices, other regions derived like their other lines; the monthly free grant of 180,000 vCPU-seconds, 360,000 GiB-seconds and 2 million requests is per subscription and not subtracted). Scale-outs up to spec.app.hpa.max cost extra while they last; the NAT gateway stays (the Container Apps subnet leaves through it).`,
    );
  }
  return result;
}
