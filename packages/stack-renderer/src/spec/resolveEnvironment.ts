import { PRESETS, type CloudPreset, type Size } from './presets';
import {
  PROFILES,
  type Environment,
  type EnvironmentProfile,
} from './profiles';
import type { Cloud } from './regions';
import { targetCidr } from './networkPlan';
import type { StackSpec } from './stackSpec';
import { environmentCompute, type ComputeTarget } from './computeTarget';
import { APPLICATION_POOL } from './nodePoolSpec';

/** Everything a renderer needs to know about one environment of one cloud. */
export interface ResolvedEnvironment {
  cloud: Cloud;
  region: string;
  environment: Environment;
  /** Stack name plus environment, the prefix of every cloud resource name: `payments-api-prod`. */
  resourcePrefix: string;
  /** The IPv4 /16 of this environment's network on this cloud (its own block, networkPlan.ts). */
  cidr: string;
  size: Size;
  /**
   * Where the application runs here (spec.overrides.<env>.compute, else spec.compute). Ask
   * `runsKubernetes(target)` (computeTarget.ts) whether the target has a cluster.
   */
  compute: ComputeTarget;
  preset: CloudPreset;
  profile: EnvironmentProfile;
  /** Whether the application node pool runs on spot / preemptible capacity. */
  spot: boolean;
  /** The environment has a GPU pool (it starts at zero nodes). */
  gpu: boolean;
  /** Every replica of the application runs on the GPU pool with one GPU (spec.app.gpu). */
  appOnGpu: boolean;
  /** GPUs the GPU pool can hold at its maximum size; 0 without a pool. */
  gpuCapacity: number;
  /**
   * Replica bounds of the HorizontalPodAutoscaler. With the application on GPUs they are capped at
   * {@link gpuCapacity}: replicas beyond it could never schedule.
   */
  hpa: {
    min: number;
    max: number;
    /** Average CPU utilisation to keep (%). */
    cpu: number;
    /** Average memory utilisation to keep (%), when the spec sets one. */
    memory?: number;
    /** Serverless: the load balancer's average response time to keep (ms), when set. */
    latencyMs?: number;
  };
  /** The replica maximum the spec asked for, when the GPU pool capped it. */
  hpaMaxRequested?: number;
}

/** Applies the size preset, environment profile, spot policy and per-environment overrides. */
export function resolveEnvironment(options: {
  spec: StackSpec;
  cloud: Cloud;
  environment: Environment;
}): ResolvedEnvironment {
  const { spec, cloud, environment } = options;
  const override = spec.spec.overrides[environment] ?? {};
  const size = override.size ?? spec.spec.size;
  const policy = spec.spec.cluster.spot;
  const customApplication = spec.spec.cluster.nodePools?.find(
    pool => pool.name === APPLICATION_POOL,
  );
  const preset = PRESETS[cloud][size];
  const gpu = override.gpu ?? spec.spec.cluster.gpu;
  const appOnGpu = gpu && spec.spec.app.gpu;
  const { memory, latencyMs } = spec.spec.app.hpa;
  const gpuCapacity = gpu
    ? preset.gpu.maxNodes * preset.gpu.acceleratorCount
    : 0;
  const requested = {
    min: override.hpa?.min ?? spec.spec.app.hpa.min,
    max: override.hpa?.max ?? spec.spec.app.hpa.max,
  };
  // One GPU per replica: more replicas than GPUs would stay Pending for ever.
  const max = appOnGpu ? Math.min(requested.max, gpuCapacity) : requested.max;
  return {
    cloud,
    region: spec.spec.regions[cloud]!,
    environment,
    resourcePrefix: `${spec.metadata.name}-${environment}`,
    cidr: targetCidr({ network: spec.spec.network, environment, cloud }),
    size,
    compute: environmentCompute(spec.spec, environment),
    preset,
    profile: PROFILES[environment],
    // A custom application pool says itself whether it runs on spot.
    spot: customApplication
      ? customApplication.capacity === 'spot'
      : policy === 'all' || (policy === 'dev' && environment === 'dev'),
    gpu,
    appOnGpu,
    gpuCapacity,
    hpa: {
      min: Math.min(requested.min, max),
      max,
      cpu: spec.spec.app.hpa.cpu,
      ...(memory === undefined ? {} : { memory }),
      ...(latencyMs === undefined ? {} : { latencyMs }),
    },
    ...(max < requested.max ? { hpaMaxRequested: requested.max } : {}),
  };
}
