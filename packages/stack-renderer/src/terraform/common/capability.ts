import type { Cloud } from '../../spec/regions';

/**
 * What a local Terraform module provides, and the name of its folder: every cloud renders the
 * same capabilities under `infra/modules/<capability>/<cloud>`. The platform's own are `network`,
 * `cluster`, `ingress` (AWS alone, for the ACM certificate and DNS records of the host) and
 * `cluster-access` (AWS alone, the relay CI reaches its private API endpoint through; GKE and AKS
 * have that path built in); each service names its own in its descriptor
 * (`StackService.capability`: `database`, `cache`, …), so a new service adds none here.
 */
export type Capability = string;

/** Folder of a capability's module for one cloud in the rendered repository. */
export function modulePath(options: {
  capability: Capability;
  cloud: Cloud;
}): string {
  return `infra/modules/${options.capability}/${options.cloud}`;
}
