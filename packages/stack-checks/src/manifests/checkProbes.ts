import {
  type KubernetesObject,
  containersOf,
  describeContainer,
  isRecord,
  podTemplates,
} from './kubernetesObjects';

/** Every (non-init) container has liveness and readiness probes (kube-linter no-liveness/readiness-probe). */
export function checkProbes(objects: readonly KubernetesObject[]): string[] {
  const problems: string[] = [];
  for (const template of podTemplates(objects)) {
    for (const container of containersOf(template.spec).filter(
      candidate => !candidate.init,
    )) {
      for (const probe of ['livenessProbe', 'readinessProbe']) {
        if (!isRecord(container.value[probe])) {
          problems.push(
            `${describeContainer(template, container)}: no ${probe}`,
          );
        }
      }
    }
  }
  return problems;
}
