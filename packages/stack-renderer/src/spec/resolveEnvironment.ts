import { PRESETS, type CloudPreset, type Size } from './presets';
import {
  PROFILES,
  type Environment,
  type EnvironmentProfile,
} from './profiles';
import type { Cloud } from './regions';
import type { StackSpec } from './stackSpec';

/** Everything a renderer needs to know about one environment of one cloud. */
export interface ResolvedEnvironment {
  cloud: Cloud;
  region: string;
  environment: Environment;
  /** Stack name plus environment, the prefix of every cloud resource name: `payments-api-prod`. */
  resourcePrefix: string;
  size: Size;
  preset: CloudPreset;
  profile: EnvironmentProfile;
  /** Whether the application node pool runs on spot / preemptible capacity. */
  spot: boolean;
  gpu: boolean;
  hpa: { min: number; max: number; cpu: number };
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
  return {
    cloud,
    region: spec.spec.regions[cloud]!,
    environment,
    resourcePrefix: `${spec.metadata.name}-${environment}`,
    size,
    preset: PRESETS[cloud][size],
    profile: PROFILES[environment],
    spot: policy === 'all' || (policy === 'dev' && environment === 'dev'),
    gpu: override.gpu ?? spec.spec.cluster.gpu,
    hpa: {
      min: override.hpa?.min ?? spec.spec.app.hpa.min,
      max: override.hpa?.max ?? spec.spec.app.hpa.max,
      cpu: spec.spec.app.hpa.cpu,
    },
  };
}
