import {
  type KubernetesObject,
  containersOf,
  describeContainer,
  field,
  podTemplates,
} from './kubernetesObjects';

/**
 * Every container runs as non-root (kube-linter run-as-non-root): runAsNonRoot true, or a
 * non-zero runAsUser, on the container or inherited from the pod; and never UID 0.
 */
export function checkRunAsNonRoot(
  objects: readonly KubernetesObject[],
): string[] {
  const problems: string[] = [];
  for (const template of podTemplates(objects)) {
    for (const container of containersOf(template.spec)) {
      const inherited = (key: string) =>
        field(container.value, 'securityContext', key) ??
        field(template.spec, 'securityContext', key);
      const runAsNonRoot = inherited('runAsNonRoot');
      const runAsUser = inherited('runAsUser');
      if (runAsUser === 0) {
        problems.push(
          `${describeContainer(template, container)}: runs as UID 0`,
        );
      } else if (
        runAsNonRoot !== true &&
        !(typeof runAsUser === 'number' && runAsUser > 0)
      ) {
        problems.push(
          `${describeContainer(
            template,
            container,
          )}: may run as root (set runAsNonRoot: true)`,
        );
      }
    }
  }
  return problems;
}
