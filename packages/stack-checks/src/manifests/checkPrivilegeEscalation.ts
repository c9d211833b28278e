import {
  type KubernetesObject,
  containersOf,
  describeContainer,
  field,
  podTemplates,
} from './kubernetesObjects';

/**
 * No container is privileged or may escalate privileges (kube-linter privileged-container and
 * privilege-escalation-container). allowPrivilegeEscalation defaults to true, so it must be set.
 */
export function checkPrivilegeEscalation(
  objects: readonly KubernetesObject[],
): string[] {
  const problems: string[] = [];
  for (const template of podTemplates(objects)) {
    for (const container of containersOf(template.spec)) {
      const name = describeContainer(template, container);
      if (field(container.value, 'securityContext', 'privileged') === true) {
        problems.push(`${name}: is privileged`);
      }
      if (
        field(
          container.value,
          'securityContext',
          'allowPrivilegeEscalation',
        ) !== false
      ) {
        problems.push(
          `${name}: allows privilege escalation (set allowPrivilegeEscalation: false)`,
        );
      }
    }
  }
  return problems;
}
