import {
  type KubernetesObject,
  describeObject,
  field,
  namespaceOf,
} from './kubernetesObjects';

/** Every HorizontalPodAutoscaler scales a workload that exists (kube-linter dangling-horizontalpodautoscaler). */
export function checkAutoscalerTargets(
  objects: readonly KubernetesObject[],
): string[] {
  const problems: string[] = [];
  for (const autoscaler of objects.filter(
    object => object.kind === 'HorizontalPodAutoscaler',
  )) {
    const kind = field(autoscaler, 'spec', 'scaleTargetRef', 'kind');
    const name = field(autoscaler, 'spec', 'scaleTargetRef', 'name');
    const exists = objects.some(
      object =>
        object.kind === kind &&
        object.metadata.name === name &&
        namespaceOf(object) === namespaceOf(autoscaler),
    );
    if (!exists)
      problems.push(
        `${describeObject(autoscaler)}: scaleTargetRef ${String(kind)} ${String(
          name,
        )} does not exist`,
      );
  }
  return problems;
}
