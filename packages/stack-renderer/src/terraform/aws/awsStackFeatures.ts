import { resolveEnvironment } from '../../spec/resolveEnvironment';
import type { StackSpec } from '../../spec/stackSpec';

/** What the shared AWS modules must be able to do, across all environments of a stack. */
export interface AwsStackFeatures {
  /** Some environment runs a GPU pool, so the cluster module carries one (off where not needed). */
  gpu: boolean;
  postgres: boolean;
  redis: boolean;
  objectStorage: boolean;
  registry: boolean;
  monitoring: boolean;
}

export function awsStackFeatures(spec: StackSpec): AwsStackFeatures {
  const { services, environments } = spec.spec;
  return {
    gpu: environments.some(
      environment =>
        resolveEnvironment({ spec, cloud: 'aws', environment }).gpu,
    ),
    postgres: services.postgres,
    redis: services.redis,
    objectStorage: services.objectStorage,
    registry: services.registry,
    monitoring: services.monitoring,
  };
}
