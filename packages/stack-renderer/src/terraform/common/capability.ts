import type { Cloud } from '../../spec/regions';

/**
 * What a local Terraform module provides, and the name of its folder: every cloud renders the
 * same capabilities under `infra/modules/<capability>/<cloud>` (AWS alone needs `ingress`, for the
 * ACM certificate and DNS records of the host, and `cluster-access`, the relay CI reaches its
 * private API endpoint through; GKE and AKS have that path built in).
 */
export type Capability =
  | 'network'
  | 'cluster'
  | 'database'
  | 'cache'
  | 'streaming'
  | 'storage'
  | 'registry'
  | 'monitoring'
  | 'ingress'
  | 'cluster-access';

/** Folder of a capability's module for one cloud in the rendered repository. */
export function modulePath(options: {
  capability: Capability;
  cloud: Cloud;
}): string {
  return `infra/modules/${options.capability}/${options.cloud}`;
}
