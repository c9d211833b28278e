import {
  type KubernetesObject,
  describeObject,
  field,
  labelSelectorMatches,
  namespaceOf,
  podTemplates,
} from './kubernetesObjects';

/** The directions a NetworkPolicy isolates; without policyTypes, Ingress always and Egress if it has rules. */
function policyTypes(policy: KubernetesObject): string[] {
  const declared = field(policy, 'spec', 'policyTypes');
  if (Array.isArray(declared)) return declared.map(String);
  return field(policy, 'spec', 'egress') === undefined
    ? ['Ingress']
    : ['Ingress', 'Egress'];
}

/**
 * Every pod is selected by a NetworkPolicy for ingress and one for egress, so none is left
 * open to the whole cluster (kube-linter non-isolated-pod, Polaris missingNetworkPolicy).
 */
export function checkNetworkPolicyCoverage(
  objects: readonly KubernetesObject[],
): string[] {
  const problems: string[] = [];
  const policies = objects.filter(object => object.kind === 'NetworkPolicy');
  for (const template of podTemplates(objects)) {
    const selecting = policies.filter(
      policy =>
        namespaceOf(policy) === namespaceOf(template.owner) &&
        labelSelectorMatches(
          field(policy, 'spec', 'podSelector'),
          template.labels,
        ),
    );
    for (const direction of ['Ingress', 'Egress']) {
      if (!selecting.some(policy => policyTypes(policy).includes(direction))) {
        problems.push(
          `${describeObject(
            template.owner,
          )}: no NetworkPolicy isolates its pods for ${direction.toLowerCase()}`,
        );
      }
    }
  }
  return problems;
}
