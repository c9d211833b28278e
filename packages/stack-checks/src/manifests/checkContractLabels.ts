import {
  type KubernetesObject,
  describeObject,
  podTemplates,
} from './kubernetesObjects';

/** The labels of the attribution contract (ARCHITECTURE.md), on every object and pod. */
export const CONTRACT_LABEL_KEYS = [
  'backstage.io/kubernetes-id',
  'app.kubernetes.io/name',
  'app.kubernetes.io/part-of',
  'environment',
] as const;

/** Every object and every pod template carries the contract labels, non-empty. */
export function checkContractLabels(
  objects: readonly KubernetesObject[],
): string[] {
  const problems: string[] = [];
  const missing = (labels: Record<string, string> | undefined) =>
    CONTRACT_LABEL_KEYS.filter(key => !labels?.[key]);
  for (const object of objects) {
    const absent = missing(object.metadata.labels);
    if (absent.length > 0)
      problems.push(
        `${describeObject(object)}: missing label(s) ${absent.join(', ')}`,
      );
  }
  for (const template of podTemplates(objects)) {
    if (template.owner.kind === 'Pod') continue;
    const absent = missing(template.labels);
    if (absent.length > 0) {
      problems.push(
        `${describeObject(
          template.owner,
        )}: pod template missing label(s) ${absent.join(', ')}`,
      );
    }
  }
  return problems;
}
