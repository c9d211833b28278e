import { kubernetesSupportStatus } from '../spec/kubernetesVersions';
import type { GpuPoolPreset, NodePoolPreset } from '../spec/presets';
import {
  resolveEnvironment,
  type ResolvedEnvironment,
} from '../spec/resolveEnvironment';
import type { Cloud } from '../spec/regions';
import type { Environment } from '../spec/profiles';
import type { StackSpec } from '../spec/stackSpec';
import {
  APPLICATION_POOL,
  SYSTEM_POOL,
  parseTaint,
  type NodePoolSpec,
  type NodePoolTaint,
} from '../spec/nodePoolSpec';
import { AWS_ZONES } from '../terraform/aws/awsAddressPlan';
import { AWS_INTERFACE_ENDPOINTS } from '../terraform/aws/awsNetworkModule';

/** A node pool as the Terraform creates it, and how many of its nodes run at rest. */
export interface PlannedNodePool {
  /** The preferred machine type (the one written to terraform.tfvars). */
  machineType: string;
  /** Every machine type the pool may use; the rest widen spot capacity. */
  machineTypes: readonly string[];
  minNodes: number;
  maxNodes: number;
  diskGb: number;
  /** Nodes running at the autoscaling minimum: what the cost estimate prices. */
  baselineNodes: number;
}

/**
 * A custom pool of `spec.cluster.nodePools` on one cloud: fixed bounds, priced at its desired
 * count (its `baselineNodes`).
 */
export interface PlannedCustomPool extends PlannedNodePool {
  name: string;
  desiredNodes: number;
  spot: boolean;
  diskType: NodePoolSpec['diskType'];
  /** Provisioned IOPS; undefined keeps the volume type's baseline (gp3: 3000). */
  diskIops?: number;
  /** gp3 throughput in MiB/s; undefined keeps the baseline (125). */
  diskThroughput?: number;
  labels: Readonly<Record<string, string>>;
  taints: readonly NodePoolTaint[];
}

interface PlannedGpuPool extends PlannedNodePool {
  /** GCP accelerator type; empty where the machine type implies the GPU. */
  acceleratorType: string;
  acceleratorCount: number;
}

/**
 * The resolved plan of one environment on one cloud: every count and size that the rendered
 * Terraform sets and the cost estimate prices, decided once. The tfvars values (through the
 * RootVariable declarations) and `estimateCost` both read it, so COST.md and the Terraform
 * cannot disagree (`plan/planAgreement.test.ts` checks every example).
 */
export interface EnvironmentPlan extends ResolvedEnvironment {
  controlPlane: {
    /** EKS upgrade policy written to tfvars: STANDARD or EXTENDED. */
    supportType: 'STANDARD' | 'EXTENDED';
    /** EKS: the support window the cluster's version is in today, which sets its hourly price. */
    billedSupport: 'standard' | 'extended';
    /** AKS tier: Standard (uptime SLA) or Free. */
    skuTier: 'Standard' | 'Free';
    /** GKE: a regional cluster (three control-plane replicas) or a zonal one. */
    regional: boolean;
  };
  nodePools: {
    /**
     * Absent on AWS (EKS Auto Mode runs the cluster's system components itself) and on GKE with
     * custom pools; on AKS with custom pools, the custom pool named system (the default pool).
     */
    system?: PlannedNodePool;
    application: PlannedNodePool & { spot: boolean };
    /** Present where the environment has a GPU pool (it starts at zero nodes). */
    gpu?: PlannedGpuPool;
    /**
     * The custom pools of spec.cluster.nodePools, when the stack sets them: they replace the
     * preset's pools, and `application` is then the one named application.
     */
    custom?: PlannedCustomPool[];
  };
  network: {
    /** Zones the subnets (and, per zone, the interface endpoints) are spread over. */
    zones: number;
    /** One NAT gateway per zone (AWS) or one gateway pinned to a zone (Azure). */
    natPerZone: boolean;
    /** NAT gateways created (GCP: one Cloud NAT, priced per VM behind it). */
    natGateways: number;
    /** Azure: the zone of the NAT gateway and its IP; empty lets Azure choose. */
    natGatewayZones: string[];
    /** AWS interface VPC endpoints, each in every zone; empty elsewhere. */
    interfaceEndpoints: readonly string[];
  };
}

/** The system pool of a GKE or AKS plan. */
export function plannedSystemPool(plan: EnvironmentPlan): PlannedNodePool {
  if (!plan.nodePools.system)
    throw new Error('This plan has no system pool (EKS Auto Mode runs none)');
  return plan.nodePools.system;
}

function nodePool(
  preset: NodePoolPreset,
  baselineNodes: number,
): PlannedNodePool {
  return {
    machineType: preset.machineTypes[0],
    machineTypes: preset.machineTypes,
    minNodes: preset.minNodes,
    maxNodes: preset.maxNodes,
    diskGb: preset.diskGb,
    baselineNodes,
  };
}

function gpuPool(preset: GpuPoolPreset, baselineNodes: number): PlannedGpuPool {
  return {
    ...nodePool(preset, baselineNodes),
    acceleratorType: preset.acceleratorType,
    acceleratorCount: preset.acceleratorCount,
  };
}

function customPool(pool: NodePoolSpec, cloud: Cloud): PlannedCustomPool {
  const machineTypes = pool.instanceTypes[cloud] ?? [];
  return {
    name: pool.name,
    machineType: machineTypes[0],
    machineTypes,
    minNodes: pool.min,
    desiredNodes: pool.desired,
    maxNodes: pool.max,
    baselineNodes: pool.desired,
    spot: pool.capacity === 'spot',
    diskGb: pool.diskGb,
    diskType: pool.diskType,
    ...(pool.diskIops === undefined ? {} : { diskIops: pool.diskIops }),
    ...(pool.diskThroughput === undefined
      ? {}
      : { diskThroughput: pool.diskThroughput }),
    labels: pool.labels,
    taints: pool.taints.map(text => parseTaint(text)!),
  };
}

function nodePools(
  resolved: ResolvedEnvironment,
  custom: readonly NodePoolSpec[] | undefined,
): EnvironmentPlan['nodePools'] {
  const { cloud, preset, hpa, appOnGpu, spot } = resolved;
  // One GPU per replica: the HPA minimum keeps that many GPUs busy.
  const gpuBaselineNodes = appOnGpu
    ? Math.ceil(hpa.min / preset.gpu.acceleratorCount)
    : 0;
  if (custom) {
    const pools = custom.map(pool => customPool(pool, cloud));
    // AKS needs a default (system-mode) node pool: the custom system pool is it.
    const system =
      cloud === 'azure'
        ? pools.find(pool => pool.name === SYSTEM_POOL)
        : undefined;
    return {
      ...(system ? { system } : {}),
      application: pools.find(pool => pool.name === APPLICATION_POOL)!,
      ...(resolved.gpu ? { gpu: gpuPool(preset.gpu, gpuBaselineNodes) } : {}),
      custom: pools,
    };
  }
  // EKS Auto Mode has no node minimum: Karpenter treats the Deployment's zone and node spread
  // preferences as requirements when it adds nodes, so the HPA minimum brings one node per
  // replica; with the application on GPUs, one node runs the add-ons.
  let applicationBaseline = preset.application.minNodes;
  if (cloud === 'aws') {
    applicationBaseline = appOnGpu
      ? 1
      : Math.min(Math.max(1, hpa.min), preset.application.maxNodes);
  }
  return {
    ...(preset.system
      ? { system: nodePool(preset.system, preset.system.minNodes) }
      : {}),
    application: { ...nodePool(preset.application, applicationBaseline), spot },
    ...(resolved.gpu ? { gpu: gpuPool(preset.gpu, gpuBaselineNodes) } : {}),
  };
}

function network(resolved: ResolvedEnvironment): EnvironmentPlan['network'] {
  const { cloud, profile } = resolved;
  const zones = cloud === 'aws' ? AWS_ZONES : 1;
  return {
    zones,
    natPerZone: profile.natPerZone,
    // AWS: one NAT gateway per zone in production. Azure: one zonal NAT gateway (a subnet takes
    // exactly one). GCP: Cloud NAT is regional and has no per-zone gateways.
    natGateways: cloud === 'aws' && profile.natPerZone ? zones : 1,
    natGatewayZones: cloud === 'azure' && profile.natPerZone ? ['1'] : [],
    interfaceEndpoints: cloud === 'aws' ? AWS_INTERFACE_ENDPOINTS : [],
  };
}

/**
 * Resolves one environment of one cloud (see {@link resolveEnvironment}) and decides every count
 * and size its Terraform creates and its cost estimate prices.
 */
export function planEnvironment(options: {
  spec: StackSpec;
  cloud: Cloud;
  environment: Environment;
}): EnvironmentPlan {
  const { spec, cloud } = options;
  const resolved = resolveEnvironment(options);
  const { cluster } = spec.spec;
  const { highAvailability } = resolved.profile;
  return {
    ...resolved,
    controlPlane: {
      supportType: cluster.extendedSupport ? 'EXTENDED' : 'STANDARD',
      billedSupport:
        cloud === 'aws' &&
        kubernetesSupportStatus({
          version: cluster.kubernetesVersion,
          cloud: 'aws',
        }) === 'extended'
          ? 'extended'
          : 'standard',
      skuTier: resolved.profile.controlPlaneSla ? 'Standard' : 'Free',
      regional: highAvailability,
    },
    nodePools: nodePools(resolved, cluster.nodePools),
    network: network(resolved),
  };
}
