import type { ClusterObjects } from '../kubernetesTypes';

export {
  clusterAutoscalerStatusConfigMap,
  readListFixture,
} from '@skyforge/kubernetes-api-double';

/** Sorts served objects of a recorded list into the shape the computation takes. */
export function toClusterObjects(
  objects: Array<{ kind: string }>,
  extra: Partial<ClusterObjects> = {},
): ClusterObjects {
  const ofKind = <T>(kind: string) =>
    objects.filter(object => object.kind === kind) as unknown as T[];
  const scaledObjects =
    ofKind<NonNullable<ClusterObjects['scaledObjects']>[number]>(
      'ScaledObject',
    );
  return {
    pods: ofKind('Pod'),
    deployments: ofKind('Deployment'),
    replicaSets: ofKind('ReplicaSet'),
    statefulSets: ofKind('StatefulSet'),
    daemonSets: ofKind('DaemonSet'),
    horizontalPodAutoscalers: ofKind('HorizontalPodAutoscaler'),
    nodes: ofKind('Node'),
    ...(scaledObjects.length > 0 && { scaledObjects }),
    ...extra,
  };
}
