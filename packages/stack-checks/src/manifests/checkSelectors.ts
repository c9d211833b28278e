import {
  type KubernetesObject,
  describeObject,
  field,
  labelSelectorMatches,
  mapSelectorMatches,
  namespaceOf,
  podTemplates,
  stringMap,
} from './kubernetesObjects';

const SELECTOR_WORKLOADS = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
]);

/**
 * Selectors point at pods that exist: a workload's selector matches its own template, and every
 * Service and PodDisruptionBudget selects the pods of a workload in its namespace
 * (kube-linter mismatching-selector, dangling-service).
 */
export function checkSelectors(objects: readonly KubernetesObject[]): string[] {
  const problems: string[] = [];
  const templates = podTemplates(objects);
  for (const template of templates) {
    if (!SELECTOR_WORKLOADS.has(template.owner.kind)) continue;
    if (
      !labelSelectorMatches(
        field(template.owner, 'spec', 'selector'),
        template.labels,
      )
    ) {
      problems.push(
        `${describeObject(
          template.owner,
        )}: selector does not match its pod template labels`,
      );
    }
  }
  const inNamespace = (object: KubernetesObject) =>
    templates.filter(
      template => namespaceOf(template.owner) === namespaceOf(object),
    );
  for (const service of objects.filter(object => object.kind === 'Service')) {
    const selector = stringMap(field(service, 'spec', 'selector'));
    // A Service without a selector is backed by hand-made endpoints, which is deliberate.
    if (Object.keys(selector).length === 0) continue;
    if (
      !inNamespace(service).some(template =>
        mapSelectorMatches(selector, template.labels),
      )
    ) {
      problems.push(
        `${describeObject(service)}: selector matches no pod template`,
      );
    }
  }
  for (const budget of objects.filter(
    object => object.kind === 'PodDisruptionBudget',
  )) {
    const selector = field(budget, 'spec', 'selector');
    if (
      !inNamespace(budget).some(template =>
        labelSelectorMatches(selector, template.labels),
      )
    ) {
      problems.push(
        `${describeObject(budget)}: selector matches no pod template`,
      );
    }
  }
  return problems;
}
