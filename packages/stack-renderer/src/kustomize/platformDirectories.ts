import { deploymentTargets } from '../spec/deploymentTargets';
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
 * EKS Auto Mode cluster (its node pools and IngressClass) and every AKS cluster with a GPU pool
 * (the NVIDIA device plugin). Canonical order, like {@link deploymentTargets}.
 */
export function platformTargets(spec: StackSpec): ResolvedEnvironment[] {
  return deploymentTargets(spec).filter(
    target =>
      target.cloud === 'aws' || (target.cloud === 'azure' && target.gpu),
  );
}

/** The platform directories of the stack, in canonical order. */
export function platformDirectories(spec: StackSpec): string[] {
  return platformTargets(spec).map(platformDirectory);
}

/** What the stack's platform directories hold, one phrase per cloud that has them. */
export function platformContents(spec: StackSpec): string[] {
  const clouds = new Set(platformTargets(spec).map(target => target.cloud));
  return [
    ...(clouds.has('aws')
      ? [
          "the EKS Auto Mode node pools and IngressClass, and Backstage's read-only health reader RBAC",
        ]
      : []),
    ...(clouds.has('azure')
      ? ['the NVIDIA device plugin of the AKS GPU pools']
      : []),
  ];
}
