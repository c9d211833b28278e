import type { Cloud } from '../spec/regions';
import type { StackSpec } from '../spec/stackSpec';
import { enabledServices } from '../services/stackServices';
import type { ServiceId, StackService } from '../services/types';
import { AWS_SERVICES } from '../terraform/aws/awsServices';
import { AZURE_SERVICES } from '../terraform/azure/azureServices';
import { GCP_SERVICES } from '../terraform/gcp/gcpServices';
import type { ServiceCost } from './serviceCost';

const CLOUD_SERVICES: Readonly<
  Record<Cloud, Readonly<Record<ServiceId, { cost?: ServiceCost }>>>
> = {
  aws: AWS_SERVICES,
  gcp: GCP_SERVICES,
  azure: AZURE_SERVICES,
};

/**
 * The services a stack turns on that price themselves on one cloud (their contribution's
 * {@link ServiceCost}), in registry order.
 */
export function serviceCosts(
  spec: StackSpec,
  cloud: Cloud,
): Array<{ service: StackService; cost: ServiceCost }> {
  return enabledServices(spec).flatMap(service => {
    const { cost } = CLOUD_SERVICES[cloud][service.id];
    return cost ? [{ service, cost }] : [];
  });
}
