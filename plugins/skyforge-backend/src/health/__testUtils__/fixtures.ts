import fs from 'node:fs';
import path from 'node:path';
import type { ClusterObjects, ConfigMap } from '../kubernetesTypes';
import type { ServedObject } from './KubernetesApiDouble';

const FIXTURES = path.resolve(__dirname, '../__fixtures__');

/** The items of a recorded list fixture (`NodeList`, `List`, ...). */
export function readListFixture<T = ServedObject>(name: string): T[] {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8')).items;
}

/** The `kube-system/cluster-autoscaler-status` ConfigMap with a recorded status text. */
export function clusterAutoscalerStatusConfigMap(
  name: string,
): ConfigMap & ServedObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'cluster-autoscaler-status',
      namespace: 'kube-system',
      annotations: {
        'cluster-autoscaler.kubernetes.io/last-updated':
          '2025-11-24 09:58:40.318265914 +0000 UTC',
      },
    },
    data: { status: fs.readFileSync(path.join(FIXTURES, name), 'utf8') },
  };
}

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
