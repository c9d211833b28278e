import {
  type KubernetesObject,
  containersOf,
  describeContainer,
  field,
  podTemplates,
} from './kubernetesObjects';

/** Every container has a read-only root filesystem (kube-linter no-read-only-root-fs). */
export function checkReadOnlyRootFilesystem(
  objects: readonly KubernetesObject[],
): string[] {
  const problems: string[] = [];
  for (const template of podTemplates(objects)) {
    for (const container of containersOf(template.spec)) {
      if (
        field(container.value, 'securityContext', 'readOnlyRootFilesystem') !==
        true
      ) {
        problems.push(
          `${describeContainer(
            template,
            container,
          )}: root filesystem is writable`,
        );
      }
    }
  }
  return problems;
}
