import {
  type KubernetesObject,
  describeObject,
  field,
  namespaceOf,
  podTemplates,
} from './kubernetesObjects';

/**
 * No Kubernetes API token is mounted where it is not needed: every ServiceAccount sets
 * automountServiceAccountToken false, and every pod ends up without one (its own setting, else
 * its ServiceAccount's; CKV_K8S_38, Polaris automountServiceAccountToken).
 */
export function checkServiceAccountTokens(
  objects: readonly KubernetesObject[],
): string[] {
  const problems: string[] = [];
  const accounts = objects.filter(object => object.kind === 'ServiceAccount');
  for (const account of accounts) {
    if (account.automountServiceAccountToken !== false) {
      problems.push(
        `${describeObject(account)}: automountServiceAccountToken is not false`,
      );
    }
  }
  for (const template of podTemplates(objects)) {
    const accountName = field(template.spec, 'serviceAccountName') ?? 'default';
    const account = accounts.find(
      candidate =>
        candidate.metadata.name === accountName &&
        namespaceOf(candidate) === namespaceOf(template.owner),
    );
    const automount =
      template.spec.automountServiceAccountToken ??
      account?.automountServiceAccountToken ??
      true;
    if (automount !== false) {
      problems.push(
        `${describeObject(template.owner)}: pods mount a service account token`,
      );
    }
  }
  return problems;
}
