import { kubernetesTargets } from '../spec/deploymentTargets';
import type { ResolvedEnvironment } from '../spec/resolveEnvironment';
import type { StackSpec } from '../spec/stackSpec';

/**
 * Where the cluster-level objects of one environment on one cloud live: applied by
 * `make k8s-apply` before the application overlay, in whatever namespace they name.
 */
export function platformDirectory(target: {
  environment: string;
  cloud: string;
}): string {
  return `deploy/platform/${target.environment}-${target.cloud}`;
}

/**
 * The environments × clouds whose clusters need objects the cloud does not create itself: every
 * cluster (Backstage's health reader RBAC), and also every EKS Auto Mode cluster's node pools and
 * IngressClass and every AKS GPU pool's NVIDIA device plugin. Serverless targets have no cluster
 * and so no platform directory. Canonical order, like {@link kubernetesTargets}.
 */
export function platformTargets(spec: StackSpec): ResolvedEnvironment[] {
  return kubernetesTargets(spec);
}

/** The platform directories of the stack, in canonical order. */
export function platformDirectories(spec: StackSpec): string[] {
  return platformTargets(spec).map(platformDirectory);
}

/** What the stack's platform directories hold, one phrase per cloud that has them. */
export function platformContents(spec: StackSpec): string[] {
  const targets = platformTargets(spec);
  const clouds = new Set(targets.map(target => target.cloud));
  return [
    "Backstage's read-only health reader RBAC",
    ...(clouds.has('aws')
      ? ['the EKS Auto Mode node pools and IngressClass']
      : []),
    ...(targets.some(target => target.cloud === 'azure' && target.gpu)
      ? ['the NVIDIA device plugin of the AKS GPU pools']
      : []),
  ];
}
