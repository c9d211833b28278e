import type { StackSpec } from '../../spec/stackSpec';

/** What the shared AWS modules must be able to do, across all environments of a stack. */
export interface AwsStackFeatures {
  postgres: boolean;
  redis: boolean;
  objectStorage: boolean;
  registry: boolean;
  monitoring: boolean;
}

export function awsStackFeatures(spec: StackSpec): AwsStackFeatures {
  const { services } = spec.spec;
  return {
    postgres: services.postgres,
    redis: services.redis,
    objectStorage: services.objectStorage,
    registry: services.registry,
    monitoring: services.monitoring,
  };
}
