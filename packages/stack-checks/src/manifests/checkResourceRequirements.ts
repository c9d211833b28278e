import {
  type KubernetesObject,
  containersOf,
  describeContainer,
  field,
  podTemplates,
} from './kubernetesObjects';

/** Every container sets CPU and memory requests and limits (kube-linter unset-cpu/memory-requirements). */
export function checkResourceRequirements(
  objects: readonly KubernetesObject[],
): string[] {
  const problems: string[] = [];
  for (const template of podTemplates(objects)) {
    for (const container of containersOf(template.spec)) {
      for (const kind of ['requests', 'limits']) {
        for (const resource of ['cpu', 'memory']) {
          const value = field(container.value, 'resources', kind, resource);
          if (
            value === undefined ||
            value === null ||
            value === '' ||
            value === 0 ||
            value === '0'
          ) {
            problems.push(
              `${describeContainer(
                template,
                container,
              )}: no ${resource} ${kind}`,
            );
          }
        }
      }
    }
  }
  return problems;
}
