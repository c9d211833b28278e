import { checkAutoscalerTargets } from './checkAutoscalerTargets';
import { checkContractLabels } from './checkContractLabels';
import { checkDroppedCapabilities } from './checkDroppedCapabilities';
import { checkGpuCapacity } from './checkGpuCapacity';
import { checkImageTags } from './checkImageTags';
import { checkIngressBackends } from './checkIngressBackends';
import { checkNetworkPolicyCoverage } from './checkNetworkPolicyCoverage';
import { checkPodDisruptionBudgets } from './checkPodDisruptionBudgets';
import { checkPrivilegeEscalation } from './checkPrivilegeEscalation';
import { checkProbes } from './checkProbes';
import { checkReadOnlyRootFilesystem } from './checkReadOnlyRootFilesystem';
import { checkResourceRequirements } from './checkResourceRequirements';
import { checkRunAsNonRoot } from './checkRunAsNonRoot';
import { checkSelectors } from './checkSelectors';
import { checkServiceAccountTokens } from './checkServiceAccountTokens';
import { type ManifestCheck, isKubernetesObject } from './kubernetesObjects';

/** Every check, in the order their problems are reported. */
export const MANIFEST_CHECKS: Readonly<Record<string, ManifestCheck>> = {
  'resource-requirements': checkResourceRequirements,
  probes: checkProbes,
  'run-as-non-root': checkRunAsNonRoot,
  'read-only-root-filesystem': checkReadOnlyRootFilesystem,
  'privilege-escalation': checkPrivilegeEscalation,
  'dropped-capabilities': checkDroppedCapabilities,
  'image-tags': checkImageTags,
  'pod-disruption-budgets': checkPodDisruptionBudgets,
  'network-policy-coverage': checkNetworkPolicyCoverage,
  selectors: checkSelectors,
  'autoscaler-targets': checkAutoscalerTargets,
  'ingress-backends': checkIngressBackends,
  'service-account-tokens': checkServiceAccountTokens,
  'contract-labels': checkContractLabels,
};

/**
 * Runs the kube-linter-style checks over the objects of one build (for instance the documents
 * of `kubectl kustomize deploy/overlays/prod-aws`). Returns one line per problem, prefixed with
 * the check's name; empty when the build is clean. Anything that is not a Kubernetes object
 * (no apiVersion, kind or metadata.name) is a problem too. Given the GPU capacity of the
 * environment, GPU workloads must fit it (see checkGpuCapacity).
 */
export function runManifestChecks(
  objects: unknown[],
  options: {
    /** GPUs the environment's GPU pool holds (0 without one); checks GPU workloads when given. */
    gpuCapacity?: number;
  } = {},
): string[] {
  const problems: string[] = [];
  objects.forEach((object, index) => {
    if (!isKubernetesObject(object)) {
      problems.push(
        `object: document ${
          index + 1
        } has no apiVersion, kind or metadata.name`,
      );
    }
  });
  const valid = objects.filter(isKubernetesObject);
  for (const [name, check] of Object.entries(MANIFEST_CHECKS)) {
    problems.push(...check(valid).map(problem => `${name}: ${problem}`));
  }
  if (options.gpuCapacity !== undefined) {
    problems.push(
      ...checkGpuCapacity(valid, { gpuCapacity: options.gpuCapacity }).map(
        problem => `gpu-capacity: ${problem}`,
      ),
    );
  }
  return problems;
}
