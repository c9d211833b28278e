import {
  type KubernetesObject,
  containersOf,
  describeContainer,
  field,
  podTemplates,
} from './kubernetesObjects';

/** Every container drops all Linux capabilities and adds none back (Polaris dangerousCapabilities). */
export function checkDroppedCapabilities(
  objects: readonly KubernetesObject[],
): string[] {
  const problems: string[] = [];
  for (const template of podTemplates(objects)) {
    for (const container of containersOf(template.spec)) {
      const name = describeContainer(template, container);
      const drop = field(
        container.value,
        'securityContext',
        'capabilities',
        'drop',
      );
      const add = field(
        container.value,
        'securityContext',
        'capabilities',
        'add',
      );
      if (
        !Array.isArray(drop) ||
        !drop.some(capability => String(capability).toUpperCase() === 'ALL')
      ) {
        problems.push(`${name}: does not drop ALL capabilities`);
      }
      if (Array.isArray(add) && add.length > 0) {
        problems.push(
          `${name}: adds capabilities ${add.map(String).join(', ')}`,
        );
      }
    }
  }
  return problems;
}
