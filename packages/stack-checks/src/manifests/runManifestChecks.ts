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
import { checkScrapeTargets } from './checkScrapeTargets';
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
  'scrape-targets': checkScrapeTargets,
};

/**
 * One problem a manifest check found.
 *
 * @public
 */
export interface ManifestProblem {
  /** The check's name, e.g. `run-as-non-root`; `object` for a document that is no object. */
  rule: string;
  /** What is wrong and where, e.g. `Deployment demo/demo container app: runs as root`. */
  message: string;
}

/**
 * Runs the kube-linter-style checks over the objects of one build (for instance the documents
 * of `kubectl kustomize deploy/overlays/prod-aws`). Returns one problem per finding, named after
 * its check; empty when the build is clean. Anything that is not a Kubernetes object
 * (no apiVersion, kind or metadata.name) is a problem too. Given the GPU capacity of the
 * environment, GPU workloads must fit it (see checkGpuCapacity).
 *
 * @public
 */
export function runManifestChecks(
  objects: unknown[],
  options: {
    /** GPUs the environment's GPU pool holds (0 without one); checks GPU workloads when given. */
    gpuCapacity?: number;
  } = {},
): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  objects.forEach((object, index) => {
    if (!isKubernetesObject(object)) {
      problems.push({
        rule: 'object',
        message: `document ${
          index + 1
        } has no apiVersion, kind or metadata.name`,
      });
    }
  });
  const valid = objects.filter(isKubernetesObject);
  for (const [name, check] of Object.entries(MANIFEST_CHECKS)) {
    problems.push(...check(valid).map(message => ({ rule: name, message })));
  }
  if (options.gpuCapacity !== undefined) {
    problems.push(
      ...checkGpuCapacity(valid, { gpuCapacity: options.gpuCapacity }).map(
        message => ({ rule: 'gpu-capacity', message }),
      ),
    );
  }
  return problems;
}
