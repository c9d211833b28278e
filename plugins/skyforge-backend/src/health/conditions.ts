import type { Condition } from './kubernetesTypes';

/** The condition of the given type, if the object reports it. */
export function findCondition(
  conditions: Condition[] | undefined,
  type: string,
): Condition | undefined {
  return conditions?.find(condition => condition.type === type);
}

/** `Kind namespace/name`, the way problems name Kubernetes objects. */
export function describeObject(
  kind: string,
  metadata: { name: string; namespace?: string },
): string {
  return metadata.namespace
    ? `${kind} ${metadata.namespace}/${metadata.name}`
    : `${kind} ${metadata.name}`;
}
