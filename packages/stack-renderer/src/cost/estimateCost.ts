import { ENVIRONMENTS, type Environment } from '../spec/profiles';
import { CLOUD_NAMES, type Cloud } from '../spec/regions';
import {
  planEnvironment,
  plannedSystemPool,
  type EnvironmentPlan,
} from '../plan/environmentPlan';
import type { StackSpec } from '../spec/stackSpec';
import { runsKubernetes } from '../spec/computeTarget';
import { deploymentTargets } from '../spec/deploymentTargets';
import { enabledServices } from '../services/stackServices';
import { CLOUD_PRODUCTS } from './cloudProducts';
import { formatQuantity, formatUsd } from './formatUsd';
import { customPoolCostLines } from './customPoolCostLines';
import { roundPrice } from './serviceCost';
import {
  serverlessAssumptions,
  serverlessCostLines,
  serverlessLoadBalancerDescription,
  serverlessSkipsLine,
} from './serverlessCostLines';
import { serviceCosts } from './serviceCosts';
import { machineHourlyPrice, regionPrices } from './priceLookup';
import { PRICES_AS_OF, PRICE_TABLE } from './priceTable';
import type {
  BudgetComparison,
  CloudEnvironmentTotal,
  CostCategory,
  CostEstimate,
  CostLineItem,
  GpuAtFullScale,
} from './types';
import { HOURS_PER_MONTH, USAGE_ASSUMPTIONS } from './usageAssumptions';
import {
  KUBERNETES_SUPPORT,
  kubernetesSupportStatus,
} from '../spec/kubernetesVersions';

function toCents(amount: number): number {
  return Math.round(amount * 100);
}

function percent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

function plural(
  count: number,
  singular: string,
  pluralForm = `${singular}s`,
): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

type LineInput = Omit<
  CostLineItem,
  'cloud' | 'environment' | 'category' | 'monthly'
>;

/** What the estimate assumes of GPUs: in GPU node pools, or one per serverless instance. */
function gpuAssumption(spec: StackSpec): string {
  const targets = deploymentTargets(spec);
  if (!targets.some(runsKubernetes)) {
    return spec.spec.app.gpu
      ? 'The application takes one GPU per serverless instance (spec.app.gpu; an NVIDIA L4 on Cloud Run): the instances kept at rest (spec.app.hpa.min) are priced with theirs; scale-out is not.'
      : 'No GPUs: the application runs serverless without one (spec.app.gpu is off).';
  }
  return spec.spec.app.gpu
    ? 'The application takes one GPU per replica (spec.app.gpu): its HPA minimum keeps that many GPUs on in every GPU environment; the full-scale figure shows the ceiling.'
    : 'GPU pools at zero nodes: no workload of this stack asks for a GPU (spec.app.gpu is off), so they cost nothing until one does; the full-scale figure shows the ceiling.';
}

/** The control-plane line: the cluster fee of the planned tier. */
function controlPlaneLine(spec: StackSpec, plan: EnvironmentPlan): LineInput {
  const { cloud, controlPlane } = plan;
  const cloudPrices = PRICE_TABLE[cloud];
  const hourly = { quantity: HOURS_PER_MONTH, unit: 'cluster-hour' };
  if (cloud === 'aws') {
    const version = spec.spec.cluster.kubernetesVersion;
    const window = KUBERNETES_SUPPORT[version].aws;
    const extended = controlPlane.billedSupport === 'extended';
    return {
      description: extended
        ? `EKS control plane, Kubernetes ${version} in extended support (until ${window.endOfExtendedSupport})`
        : `EKS control plane, Kubernetes ${version} in standard support (until ${window.endOfStandardSupport})`,
      ...hourly,
      unitPrice: extended
        ? cloudPrices.controlPlaneExtendedSupportPerHour!
        : cloudPrices.controlPlanePerHour,
    };
  }
  if (cloud === 'gcp') {
    return {
      description: `GKE cluster management fee (${
        controlPlane.regional ? 'regional' : 'zonal'
      } cluster)`,
      ...hourly,
      unitPrice: cloudPrices.controlPlanePerHour,
    };
  }
  return controlPlane.skuTier === 'Free'
    ? {
        description: 'AKS control plane, Free tier (no financially backed SLA)',
        ...hourly,
        unitPrice: cloudPrices.controlPlaneFreeTierPerHour ?? 0,
      }
    : {
        description: 'AKS control plane, Standard tier (uptime SLA)',
        ...hourly,
        unitPrice: cloudPrices.controlPlanePerHour,
      };
}

/** The line items of one environment on one cloud, in category order. */
function environmentLines(
  spec: StackSpec,
  plan: EnvironmentPlan,
): { lines: CostLineItem[]; gpu?: GpuAtFullScale } {
  const { cloud, region, environment, network } = plan;
  const { system, application, gpu: gpuPool } = plan.nodePools;
  const cloudPrices = PRICE_TABLE[cloud];
  const prices = regionPrices({ cloud, region });
  const products = CLOUD_PRODUCTS[cloud];
  const usage = USAGE_ASSUMPTIONS[environment];
  const lines: CostLineItem[] = [];
  const add = (category: CostCategory, item: LineInput) => {
    // A serverless target has no cluster: its compute is serverlessCostLines.
    if (serverlessSkipsLine(spec, plan, category)) return;
    lines.push({
      cloud,
      environment,
      ...item,
      category,
      monthly: toCents(item.quantity * item.unitPrice) / 100,
    });
  };
  const hours = (count: number) => count * HOURS_PER_MONTH;

  add('control-plane', controlPlaneLine(spec, plan));
  for (const { category, ...line } of serverlessCostLines(spec, plan))
    add(category, line);

  // Nodes: what the autoscaling minimums keep running.
  const applicationType = application.machineType;
  const applicationNodes = application.baselineNodes;
  const onDemand = machineHourlyPrice({
    cloud,
    region,
    machineType: applicationType,
  });
  const capacity = application.spot
    ? `on spot (typical ${percent(cloudPrices.spotDiscount)} below on-demand)`
    : 'on-demand';
  const applicationHourly = application.spot
    ? roundPrice(onDemand * (1 - cloudPrices.spotDiscount))
    : onDemand;
  const gpuNodes = gpuPool?.baselineNodes ?? 0;
  const custom = plan.nodePools.custom;
  if (custom) {
    // Custom pools (EKS managed node groups): each at its desired count, see customPoolCostLines.
    for (const line of customPoolCostLines(plan)) add('nodes', line);
  } else if (system) {
    add('nodes', {
      description: `System pool: ${system.baselineNodes} × ${system.machineType} (autoscaling minimum, up to ${system.maxNodes})`,
      quantity: hours(system.baselineNodes),
      unit: 'node-hour',
      unitPrice: machineHourlyPrice({
        cloud,
        region,
        machineType: system.machineType,
      }),
    });
    add('nodes', {
      description: `Application pool: ${applicationNodes} × ${applicationType} ${capacity} (autoscaling minimum, up to ${application.maxNodes})`,
      quantity: hours(applicationNodes),
      unit: 'node-hour',
      unitPrice: applicationHourly,
    });
  } else {
    // EKS Auto Mode: no system pool, and nodes follow the pods (see the plan).
    add('nodes', {
      description: `Application pool (EKS Auto Mode): ${applicationNodes} × ${applicationType} ${capacity} (${
        plan.appOnGpu
          ? 'the add-ons; the application runs on the GPU pool'
          : `one per replica at the HPA minimum of ${plan.hpa.min}`
      }, up to ${application.maxNodes})`,
      quantity: hours(applicationNodes),
      unit: 'node-hour',
      unitPrice: applicationHourly,
    });
  }
  let gpu: GpuAtFullScale | undefined;
  let gpuHourly = 0;
  if (gpuPool) {
    const gpuType = gpuPool.machineType;
    gpuHourly = roundPrice(
      machineHourlyPrice({
        cloud,
        region,
        machineType: gpuType,
        acceleratorType: gpuPool.acceleratorType,
        acceleratorCount: gpuPool.acceleratorCount,
      }),
    );
    const attached =
      gpuPool.acceleratorType &&
      !cloudPrices.bundledAcceleratorMachinePrefixes.some(prefix =>
        gpuType.startsWith(prefix),
      )
        ? ` + ${gpuPool.acceleratorCount} × ${gpuPool.acceleratorType}`
        : '';
    gpu = {
      cloud,
      environment,
      machineType: `${gpuType}${attached}`,
      maxNodes: gpuPool.maxNodes,
      hourlyPerNode: gpuHourly,
      monthly: toCents(hours(gpuPool.maxNodes) * gpuHourly) / 100,
    };
    add('nodes', {
      description: `GPU pool: ${gpuNodes} × ${gpuType}${attached} (${
        plan.appOnGpu
          ? `one GPU per replica at the HPA minimum of ${plan.hpa.min}`
          : 'no GPU workload keeps it on'
      }; scales to ${gpuPool.maxNodes} nodes, ${formatUsd(
        gpu.monthly,
      )}/month at full scale)`,
      quantity: hours(gpuNodes),
      unit: 'node-hour',
      unitPrice: gpuHourly,
    });
  }
  const feeFraction = cloudPrices.managedComputeFeeFraction;
  if (feeFraction !== undefined && !custom) {
    // The fee follows the on-demand price of each instance type, spot instances included.
    add('nodes', {
      description: `EKS Auto Mode management fee: ${applicationNodes} × ${applicationType} (about ${percent(
        feeFraction,
      )} of the on-demand price)`,
      quantity: hours(applicationNodes),
      unit: 'node-hour',
      unitPrice: roundPrice(onDemand * feeFraction),
    });
  }
  if (feeFraction !== undefined) {
    if (gpuPool && gpuNodes > 0) {
      add('nodes', {
        description: `EKS Auto Mode management fee: ${gpuNodes} × ${gpuPool.machineType}`,
        quantity: hours(gpuNodes),
        unit: 'node-hour',
        unitPrice: roundPrice(gpuHourly * feeFraction),
      });
    }
  }
  // Custom pools price their own disks; the preset pools share one line.
  const presetSystem = custom ? undefined : system;
  const diskGb =
    (presetSystem ? presetSystem.baselineNodes * presetSystem.diskGb : 0) +
    (custom ? 0 : applicationNodes * application.diskGb) +
    (gpuPool ? gpuNodes * gpuPool.diskGb : 0);
  if (diskGb > 0 || !custom) {
    add('nodes', {
      description: `Node disks (${products.nodeDisk}): ${[
        ...(presetSystem
          ? [`${presetSystem.baselineNodes} × ${presetSystem.diskGb} GB system`]
          : []),
        ...(custom
          ? []
          : [`${applicationNodes} × ${application.diskGb} GB application`]),
        ...(gpuPool && gpuNodes > 0
          ? [`${gpuNodes} × ${gpuPool.diskGb} GB GPU`]
          : []),
      ].join(' + ')}`,
      quantity: diskGb,
      unit: 'GB-month',
      unitPrice: prices.nodeDiskPerGbMonth,
    });
  }

  // Egress NAT.
  if (cloud === 'gcp') {
    // Cloud NAT has no gateways to pay for; it bills per VM behind it, up to a cap.
    const vms = Math.min(
      custom
        ? custom.reduce((sum, pool) => sum + pool.desiredNodes, 0)
        : plannedSystemPool(plan).baselineNodes + applicationNodes,
      cloudPrices.natVmHourCap ?? Number.POSITIVE_INFINITY,
    );
    add('nat', {
      description: `Cloud NAT gateway: ${plural(vms, 'VM')} behind it`,
      quantity: hours(vms),
      unit: 'VM-hour',
      unitPrice: prices.natPerHour,
    });
    add('nat', {
      description: 'Cloud NAT external IPv4 address',
      quantity: hours(1),
      unit: 'address-hour',
      unitPrice: prices.publicIpv4PerHour,
    });
  } else {
    const gateways = network.natGateways;
    add('nat', {
      description: `${plural(gateways, 'NAT gateway')}${
        gateways > 1 ? ', one per zone' : ''
      }`,
      quantity: hours(gateways),
      unit: 'gateway-hour',
      unitPrice: prices.natPerHour,
    });
    add('nat', {
      description: `${plural(
        gateways,
        'public IPv4 address',
        'public IPv4 addresses',
      )} for NAT`,
      quantity: hours(gateways),
      unit: 'address-hour',
      unitPrice: prices.publicIpv4PerHour,
    });
  }
  add('nat', {
    description: `NAT data processing (assumed ${formatQuantity(
      usage.natTrafficGb,
    )} GB)`,
    quantity: usage.natTrafficGb,
    unit: 'GB',
    unitPrice: prices.natPerGb,
  });

  const { interfaceEndpoints, zones } = network;
  if (
    interfaceEndpoints.length > 0 &&
    prices.interfaceEndpointPerHour !== undefined
  ) {
    const endpoints = interfaceEndpoints.length * zones;
    add('endpoints', {
      description: `${
        interfaceEndpoints.length
      } interface VPC endpoints (${interfaceEndpoints.join(
        ', ',
      )}) × ${zones} zones`,
      quantity: hours(endpoints),
      unit: 'endpoint-hour',
      unitPrice: prices.interfaceEndpointPerHour,
    });
    add('endpoints', {
      description: `VPC endpoint data processed (assumed ${formatQuantity(
        usage.endpointTrafficGb,
      )} GB)`,
      quantity: usage.endpointTrafficGb,
      unit: 'GB',
      unitPrice: prices.interfaceEndpointPerGb ?? 0,
    });
  }

  // Ingress load balancer.
  add('load-balancer', {
    description:
      serverlessLoadBalancerDescription(plan) ??
      `${products.loadBalancer} for the ingress`,
    quantity: hours(1),
    unit: 'hour',
    unitPrice: prices.loadBalancerPerHour,
  });
  add('load-balancer', {
    description: `Load balancer data processed (assumed ${formatQuantity(
      usage.loadBalancerTrafficGb,
    )} GB)`,
    quantity: usage.loadBalancerTrafficGb,
    unit: 'GB',
    unitPrice: prices.loadBalancerPerGb,
  });

  // Control-plane and flow logs: infrastructure, rendered whether or not the monitoring service is on.
  add('logs', {
    description: `${
      products.logs
    }: control-plane and flow logs (assumed ${formatQuantity(
      usage.platformLogGb,
    )} GB)`,
    quantity: usage.platformLogGb,
    unit: 'GB',
    unitPrice: prices.logIngestionPerGb,
  });

  // Services priced by their cloud contributions, in registry order.
  for (const { service, cost } of serviceCosts(spec, cloud)) {
    for (const line of cost.lines(plan, spec)) add(service.costCategory, line);
  }

  return { lines, gpu };
}

function assumptions(spec: StackSpec): string[] {
  const custom = spec.spec.cluster.nodePools !== undefined;
  const result = [
    `${HOURS_PER_MONTH} hours per month; list prices (on-demand, Linux, pay-as-you-go) in USD, without taxes, discounts, credits or commitments.`,
    custom
      ? 'Custom node pools (spec.cluster.nodePools) at their **desired** node count: EKS managed node groups hold that count, and nothing in the stack scales them between min and max (no Cluster Autoscaler is installed). Their instances pay EC2 prices only (no EKS Auto Mode fee); disks are priced per pool with the IOPS and throughput above the gp3 baseline.'
      : 'Node pools at their autoscaling minimum; the application pool grows with load up to its maximum.',
  ];
  result.push(...serverlessAssumptions(spec));
  if (spec.spec.clouds.includes('aws') && !custom) {
    result.push(
      "AWS (EKS Auto Mode): no system pool and no node minimum. Karpenter treats the Deployment's zone and node spread preferences as requirements when it adds nodes, so the HPA minimum keeps one application node per replica running; each node pays the Auto Mode management fee (about 12% of its on-demand price, spot included).",
    );
  }
  for (const environment of spec.spec.environments) {
    const usage = USAGE_ASSUMPTIONS[environment];
    result.push(
      `${environment}: ${formatQuantity(
        usage.natTrafficGb,
      )} GB through NAT, ${formatQuantity(
        usage.loadBalancerTrafficGb,
      )} GB through the load balancer, ${formatQuantity(
        usage.objectStorageGb,
      )} GB object storage, ${formatQuantity(
        usage.registryGb,
      )} GB of images, ${formatQuantity(
        usage.platformLogGb,
      )} GB control-plane/flow logs, ${formatQuantity(
        usage.applicationLogGb,
      )} GB application logs and ${formatQuantity(
        usage.metricSamplesMillions,
      )} million metric samples per month${
        spec.spec.clouds.includes('aws')
          ? `; ${formatQuantity(
              usage.endpointTrafficGb,
            )} GB through the AWS VPC endpoints`
          : ''
      }.`,
    );
  }
  result.push(
    `Spot discount off on-demand (typical, spot prices move): ${spec.spec.clouds
      .map(
        cloud =>
          `${CLOUD_NAMES[cloud]} ${percent(PRICE_TABLE[cloud].spotDiscount)}`,
      )
      .join(', ')}.`,
    gpuAssumption(spec),
    'Highly available environments pay for a database standby (instance and storage) and a cache replica; AWS production runs one NAT gateway per zone (3).',
    ...enabledServices(spec).flatMap(service =>
      service.costAssumption ? [service.costAssumption] : [],
    ),
    `Not included: data transfer to the internet and between zones, backup storage beyond the free allowance, KMS keys, ${
      spec.spec.clouds.includes('azure') ? 'Azure private endpoints, ' : ''
    }DNS, support plans and taxes.`,
  );
  return result;
}

function notes(
  spec: StackSpec,
  plans: EnvironmentPlan[],
  budget: BudgetComparison | undefined,
): string[] {
  const result: string[] = [];
  for (const cloud of spec.spec.clouds) {
    const region = spec.spec.regions[cloud]!;
    const prices = PRICE_TABLE[cloud].regions[region];
    if (prices?.basis === 'derived' && prices.derivedFrom) {
      result.push(
        `${CLOUD_NAMES[cloud]} ${region}: prices are derived from ${prices.derivedFrom.region} × ${prices.derivedFrom.multiplier} (no per-region list prices compiled); treat them as approximate.`,
      );
    }
  }
  if (spec.spec.clouds.includes('gcp')) {
    result.push(
      'GKE: the free tier credit ($74.40 per billing account per month, one zonal or Autopilot cluster) is not subtracted; neither is the Cloud Logging free allotment (50 GiB per project).',
    );
  }
  if (
    plans.some(
      plan =>
        plan.nodePools.application.spot ||
        plan.nodePools.custom?.some(pool => pool.spot),
    )
  ) {
    result.push(
      'Spot prices change with supply and demand (AWS continuously, GCP up to monthly, Azure with demand); spot lines use a typical discount, not a quote.',
    );
  }
  const { kubernetesVersion, extendedSupport } = spec.spec.cluster;
  if (
    spec.spec.clouds.includes('aws') &&
    extendedSupport &&
    kubernetesSupportStatus({ version: kubernetesVersion, cloud: 'aws' }) ===
      'standard'
  ) {
    result.push(
      `EKS: spec.cluster.extendedSupport keeps Kubernetes ${kubernetesVersion} after its standard support, so from ${KUBERNETES_SUPPORT[kubernetesVersion].aws.endOfStandardSupport} each cluster costs $0.60 instead of $0.10 per hour unless it is upgraded first.`,
    );
  }
  if (budget?.status === 'not-comparable') {
    result.push(
      `The budget is ${budget.monthly} ${budget.currency} but this estimate is in USD; it is not converted. Convert at your own rate before comparing.`,
    );
  }
  result.push(
    `Prices compiled on ${PRICES_AS_OF} from the providers' public price lists; verify before committing spend.`,
  );
  return result;
}

/**
 * Estimates the monthly cost of every environment on every cloud of a validated StackSpec from
 * the bundled list-price table. Pure and deterministic; runs in the browser.
 *
 * @public
 */
export function estimateCost(spec: StackSpec): CostEstimate {
  const lineItems: CostLineItem[] = [];
  const gpuAtFullScale: GpuAtFullScale[] = [];
  const byCloudEnvironment: CloudEnvironmentTotal[] = [];
  const plans: EnvironmentPlan[] = [];
  const environmentCents = new Map<Environment, number>();
  const cloudCents = new Map<Cloud, number>();
  let overallCents = 0;

  for (const cloud of spec.spec.clouds) {
    for (const environment of spec.spec.environments) {
      const plan = planEnvironment({ spec, cloud, environment });
      plans.push(plan);
      const { lines, gpu } = environmentLines(spec, plan);
      let cents = 0;
      for (const line of lines) {
        lineItems.push(line);
        cents += toCents(line.monthly);
      }
      if (gpu) gpuAtFullScale.push(gpu);
      byCloudEnvironment.push({
        cloud,
        environment,
        region: plan.region,
        monthly: cents / 100,
      });
      environmentCents.set(
        environment,
        (environmentCents.get(environment) ?? 0) + cents,
      );
      cloudCents.set(cloud, (cloudCents.get(cloud) ?? 0) + cents);
      overallCents += cents;
    }
  }

  const overall = overallCents / 100;
  const budgetSpec = spec.spec.budget;
  let budget: BudgetComparison | undefined;
  if (budgetSpec) {
    let status: BudgetComparison['status'] = 'not-comparable';
    if (budgetSpec.currency === 'USD') {
      status = overall <= budgetSpec.monthly ? 'within' : 'over';
    }
    budget = {
      monthly: budgetSpec.monthly,
      currency: budgetSpec.currency,
      status,
    };
  }

  return {
    currency: 'USD',
    hoursPerMonth: HOURS_PER_MONTH,
    pricesAsOf: PRICES_AS_OF,
    lineItems,
    totals: {
      byCloudEnvironment,
      byEnvironment: ENVIRONMENTS.filter(environment =>
        environmentCents.has(environment),
      ).map(environment => ({
        environment,
        monthly: environmentCents.get(environment)! / 100,
      })),
      byCloud: spec.spec.clouds.map(cloud => ({
        cloud,
        monthly: cloudCents.get(cloud)! / 100,
      })),
      overall,
    },
    gpuAtFullScale,
    budget,
    assumptions: assumptions(spec),
    notes: notes(spec, plans, budget),
  };
}
