import { ENVIRONMENTS } from './profiles';
import { CLOUDS, type Cloud } from './regions';
import {
  resolveEnvironment,
  type ResolvedEnvironment,
} from './resolveEnvironment';
import type { StackSpec } from './stackSpec';
import { runsKubernetes } from './computeTarget';

/**
 * Every environment × cloud pair of a stack, resolved, environment first (dev before staging
 * before prod) and clouds in their canonical order, so every generated list has the same order
 * however the spec listed them.
 */
export function deploymentTargets(spec: StackSpec): ResolvedEnvironment[] {
  const environments = ENVIRONMENTS.filter(environment =>
    spec.spec.environments.includes(environment),
  );
  const clouds = CLOUDS.filter(cloud => spec.spec.clouds.includes(cloud));
  return environments.flatMap(environment =>
    clouds.map(cloud => resolveEnvironment({ spec, cloud, environment })),
  );
}

/**
 * The targets that run on a Kubernetes cluster ({@link runsKubernetes}): the ones with a cluster,
 * an overlay, a platform directory, a cluster Resource and kubectl steps. Canonical order.
 */
export function kubernetesTargets(spec: StackSpec): ResolvedEnvironment[] {
  return deploymentTargets(spec).filter(runsKubernetes);
}

/**
 * Whether any environment of the stack runs Kubernetes: only then does the Makefile have the
 * `k8s-*` targets (a serverless-only stack has no cluster to point them at).
 */
export function hasKubernetesTargets(spec: StackSpec): boolean {
  return kubernetesTargets(spec).length > 0;
}

/** Whether any environment of the stack runs a Kubernetes cluster on the cloud. */
export function hasClusterOn(spec: StackSpec, cloud: Cloud): boolean {
  return kubernetesTargets(spec).some(target => target.cloud === cloud);
}

/** The stack's environments in canonical order. */
export function stackEnvironments(
  spec: StackSpec,
): Array<(typeof ENVIRONMENTS)[number]> {
  return ENVIRONMENTS.filter(environment =>
    spec.spec.environments.includes(environment),
  );
}

/** The stack's clouds in canonical order. */
export function stackClouds(spec: StackSpec): Array<(typeof CLOUDS)[number]> {
  return CLOUDS.filter(cloud => spec.spec.clouds.includes(cloud));
}
