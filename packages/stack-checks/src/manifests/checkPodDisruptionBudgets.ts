import {
  type KubernetesObject,
  describeObject,
  field,
  labelSelectorMatches,
  namespaceOf,
  podTemplates,
} from './kubernetesObjects';

/** Pods that must stay up under `minAvailable` when the workload runs `replicas` pods. */
function requiredPods(minAvailable: number | string, replicas: number): number {
  if (typeof minAvailable === 'number') return minAvailable;
  const percent = Number.parseFloat(minAvailable);
  return Math.ceil((replicas * percent) / 100);
}

/** Pods that may be down under `maxUnavailable` when the workload runs `replicas` pods. */
function allowedDown(
  maxUnavailable: number | string,
  replicas: number,
): number {
  if (typeof maxUnavailable === 'number') return maxUnavailable;
  return Math.floor((replicas * Number.parseFloat(maxUnavailable)) / 100);
}

/**
 * Every PodDisruptionBudget allows at least one eviction at the smallest size its workload can
 * have (the HPA minimum, or the replica count), so it never blocks node drains and upgrades
 * (kube-linter pdb-min-available / pdb-max-unavailable, Polaris pdbMinAvailableGreaterThanHPAMinReplicas);
 * and unhealthy pods may always be evicted (kube-linter pdb-unhealthy-pod-eviction-policy).
 */
export function checkPodDisruptionBudgets(
  objects: readonly KubernetesObject[],
): string[] {
  const problems: string[] = [];
  const autoscalers = objects.filter(
    object => object.kind === 'HorizontalPodAutoscaler',
  );
  for (const budget of objects.filter(
    object => object.kind === 'PodDisruptionBudget',
  )) {
    const name = describeObject(budget);
    const minAvailable = field(budget, 'spec', 'minAvailable');
    const maxUnavailable = field(budget, 'spec', 'maxUnavailable');
    if (field(budget, 'spec', 'unhealthyPodEvictionPolicy') !== 'AlwaysAllow') {
      problems.push(
        `${name}: unhealthyPodEvictionPolicy is not AlwaysAllow, so crash-looping pods can block drains`,
      );
    }
    const selected = podTemplates(objects).filter(
      template =>
        namespaceOf(template.owner) === namespaceOf(budget) &&
        labelSelectorMatches(
          field(budget, 'spec', 'selector'),
          template.labels,
        ),
    );
    for (const template of selected) {
      const workload = template.owner;
      const autoscaler = autoscalers.find(
        candidate =>
          namespaceOf(candidate) === namespaceOf(workload) &&
          field(candidate, 'spec', 'scaleTargetRef', 'kind') ===
            workload.kind &&
          field(candidate, 'spec', 'scaleTargetRef', 'name') ===
            workload.metadata.name,
      );
      // The smallest size: the HPA minimum, else the declared replicas (default 1).
      const smallest = Number(
        (autoscaler
          ? field(autoscaler, 'spec', 'minReplicas')
          : field(workload, 'spec', 'replicas')) ?? 1,
      );
      const source = autoscaler
        ? `the HPA minimum (${smallest})`
        : `${smallest} replica(s)`;
      if (
        typeof minAvailable === 'number' ||
        typeof minAvailable === 'string'
      ) {
        if (requiredPods(minAvailable, smallest) >= smallest) {
          problems.push(
            `${name}: minAvailable ${minAvailable} is not below ${source} of ${describeObject(
              workload,
            )}, so no pod can be evicted`,
          );
        }
      } else if (
        typeof maxUnavailable === 'number' ||
        typeof maxUnavailable === 'string'
      ) {
        if (allowedDown(maxUnavailable, smallest) < 1) {
          problems.push(
            `${name}: maxUnavailable ${maxUnavailable} allows no eviction at ${source} of ${describeObject(
              workload,
            )}`,
          );
        }
      } else {
        problems.push(`${name}: sets neither minAvailable nor maxUnavailable`);
      }
    }
  }
  return problems;
}
