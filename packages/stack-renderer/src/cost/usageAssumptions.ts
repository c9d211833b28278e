import type { Environment } from '../spec/profiles';

/** Hours in an average month (8,760 / 12), the convention every cloud price calculator uses. */
export const HOURS_PER_MONTH = 730;

/** Usage the estimate cannot know from the spec; stated in every estimate and COST.md. */
export interface UsageAssumptions {
  /** Outbound traffic through the NAT gateway(s), GB per month. */
  natTrafficGb: number;
  /** Traffic processed by the application load balancer, GB per month. */
  loadBalancerTrafficGb: number;
  /** Data in the object storage bucket, GB. */
  objectStorageGb: number;
  /** Images in the container registry, GB. */
  registryGb: number;
  /** Control-plane and network flow logs, GB ingested per month (always rendered). */
  platformLogGb: number;
  /** Application and cluster logs with monitoring on, GB ingested per month. */
  applicationLogGb: number;
  /** Prometheus samples ingested per month with monitoring on, in millions. */
  metricSamplesMillions: number;
  /** Traffic through AWS interface VPC endpoints (image pulls, logs, STS), GB per month. */
  endpointTrafficGb: number;
}

export const USAGE_ASSUMPTIONS: Readonly<
  Record<Environment, UsageAssumptions>
> = {
  dev: {
    natTrafficGb: 100,
    loadBalancerTrafficGb: 50,
    objectStorageGb: 50,
    registryGb: 20,
    platformLogGb: 10,
    applicationLogGb: 20,
    metricSamplesMillions: 500,
    endpointTrafficGb: 50,
  },
  staging: {
    natTrafficGb: 200,
    loadBalancerTrafficGb: 100,
    objectStorageGb: 100,
    registryGb: 20,
    platformLogGb: 10,
    applicationLogGb: 30,
    metricSamplesMillions: 500,
    endpointTrafficGb: 50,
  },
  prod: {
    natTrafficGb: 500,
    loadBalancerTrafficGb: 1000,
    objectStorageGb: 500,
    registryGb: 20,
    platformLogGb: 30,
    applicationLogGb: 100,
    metricSamplesMillions: 2000,
    endpointTrafficGb: 200,
  },
};
