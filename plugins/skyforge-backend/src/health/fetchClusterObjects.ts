import type {
  ClusterDetails,
  ObjectToFetch,
} from '@backstage/plugin-kubernetes-node';
import type { EntitySelector } from './entitySelector';
import type { KubernetesClusterReader } from './KubernetesClusterReader';
import type { ClusterObjects, ConfigMap } from './kubernetesTypes';

interface List<T> {
  items?: T[];
}

/** The entity's pods, workloads and HPAs. */
export type WorkloadObjects = Pick<
  ClusterObjects,
  | 'pods'
  | 'deployments'
  | 'replicaSets'
  | 'statefulSets'
  | 'daemonSets'
  | 'horizontalPodAutoscalers'
>;

/** The namespace of a cluster's own workloads (DNS, CNI, kube-proxy, autoscalers). */
export const SYSTEM_NAMESPACE = 'kube-system';

/** The kinds health lists, as the Kubernetes backend's fetcher names them. */
const WORKLOAD_TYPES: Array<ObjectToFetch & { key: keyof WorkloadObjects }> = [
  {
    objectType: 'pods',
    group: '',
    apiVersion: 'v1',
    plural: 'pods',
    key: 'pods',
  },
  {
    objectType: 'deployments',
    group: 'apps',
    apiVersion: 'v1',
    plural: 'deployments',
    key: 'deployments',
  },
  {
    objectType: 'replicasets',
    group: 'apps',
    apiVersion: 'v1',
    plural: 'replicasets',
    key: 'replicaSets',
  },
  {
    objectType: 'statefulsets',
    group: 'apps',
    apiVersion: 'v1',
    plural: 'statefulsets',
    key: 'statefulSets',
  },
  {
    objectType: 'daemonsets',
    group: 'apps',
    apiVersion: 'v1',
    plural: 'daemonsets',
    key: 'daemonSets',
  },
  {
    objectType: 'horizontalpodautoscalers',
    group: 'autoscaling',
    apiVersion: 'v2',
    plural: 'horizontalpodautoscalers',
    key: 'horizontalPodAutoscalers',
  },
];

/** The object types of an entity's workloads, for the Kubernetes backend's service locator. */
export const workloadObjectTypes: ObjectToFetch[] = WORKLOAD_TYPES.map(
  ({ key: _key, ...type }) => type,
);

const NODE_TYPE: ObjectToFetch = {
  // The fetcher only adds `kind` to "custom" resources; nodes are cluster-scoped core objects.
  objectType: 'customresources',
  group: '',
  apiVersion: 'v1',
  plural: 'nodes',
};

/** API paths read with a single GET, where a 404 or 403 means "not there". */
export function optionalObjectPaths(selector?: EntitySelector) {
  const namespace = selector?.namespace
    ? `/namespaces/${encodeURIComponent(selector.namespace)}`
    : '';
  const query = selector
    ? `?labelSelector=${encodeURIComponent(selector.labelSelector)}`
    : '';
  return {
    scaledObjects: `/apis/keda.sh/v1alpha1${namespace}/scaledobjects${query}`,
    clusterAutoscalerStatus: `/api/v1/namespaces/${SYSTEM_NAMESPACE}/configmaps/cluster-autoscaler-status`,
    karpenterNodePools: '/apis/karpenter.sh/v1/nodepools',
  };
}

/**
 * Workload objects in one cluster, listed with the Kubernetes backend's fetcher: the entity's
 * (by its label selector, in its namespace when annotated), or all of a namespace's.
 */
export async function fetchWorkloadObjects(options: {
  reader: KubernetesClusterReader;
  cluster: ClusterDetails;
  serviceId: string;
  labelSelector?: string;
  namespace?: string;
}): Promise<WorkloadObjects> {
  const byType = await options.reader.list({
    cluster: options.cluster,
    serviceId: options.serviceId,
    types: workloadObjectTypes,
    labelSelector: options.labelSelector,
    namespace: options.namespace,
  });
  const objects = {} as Record<keyof WorkloadObjects, unknown[]>;
  for (const type of WORKLOAD_TYPES) {
    objects[type.key] = byType.get(type.objectType) ?? [];
  }
  return objects as unknown as WorkloadObjects;
}

/** Nodes, the cluster autoscaler status and Karpenter NodePools: the same for every entity of a cluster. */
export type ClusterWideObjects = Pick<
  ClusterObjects,
  'nodes' | 'clusterAutoscalerStatus' | 'karpenterNodePools'
>;

/** The cluster-wide objects of one cluster. */
export async function fetchClusterWideObjects(options: {
  reader: KubernetesClusterReader;
  cluster: ClusterDetails;
}): Promise<ClusterWideObjects> {
  const { reader, cluster } = options;
  const paths = optionalObjectPaths();
  const [nodes, clusterAutoscalerStatus, karpenterNodePools] =
    await Promise.all([
      reader
        .list({ cluster, serviceId: cluster.name, types: [NODE_TYPE] })
        .then(
          byType =>
            (byType.get(NODE_TYPE.objectType) ?? []) as ClusterObjects['nodes'],
        ),
      reader.getOptional<ConfigMap>({
        cluster,
        path: paths.clusterAutoscalerStatus,
      }),
      reader.getOptional<
        List<NonNullable<ClusterObjects['karpenterNodePools']>[number]>
      >({ cluster, path: paths.karpenterNodePools }),
    ]);
  return {
    nodes,
    ...(clusterAutoscalerStatus && { clusterAutoscalerStatus }),
    ...(karpenterNodePools && {
      karpenterNodePools: karpenterNodePools.items ?? [],
    }),
  };
}

/** The entity's KEDA ScaledObjects in one cluster; undefined when KEDA is not installed. */
export async function fetchScaledObjects(options: {
  reader: KubernetesClusterReader;
  cluster: ClusterDetails;
  selector: EntitySelector;
  signal?: AbortSignal;
}): Promise<ClusterObjects['scaledObjects']> {
  const { reader, cluster, selector, signal } = options;
  const list = await reader.getOptional<
    List<NonNullable<ClusterObjects['scaledObjects']>[number]>
  >({ cluster, path: optionalObjectPaths(selector).scaledObjects, signal });
  return list && (list.items ?? []);
}
