import {
  KubernetesBackendClient,
  KubernetesRequestError,
  type WorkloadQueryResponse,
} from './KubernetesBackendClient';
import type { EntitySelector } from './entitySelector';
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

/**
 * The API paths read for an entity. Entity-scoped kinds are listed with the entity's label
 * selector (in its namespace when annotated, else across namespaces); nodes, the cluster
 * autoscaler status and Karpenter NodePools are cluster-wide.
 */
export function clusterObjectPaths(selector: EntitySelector) {
  const namespace = selector.namespace
    ? `/namespaces/${encodeURIComponent(selector.namespace)}`
    : '';
  const query = `?labelSelector=${encodeURIComponent(selector.labelSelector)}`;
  return {
    pods: `/api/v1${namespace}/pods${query}`,
    deployments: `/apis/apps/v1${namespace}/deployments${query}`,
    replicaSets: `/apis/apps/v1${namespace}/replicasets${query}`,
    statefulSets: `/apis/apps/v1${namespace}/statefulsets${query}`,
    daemonSets: `/apis/apps/v1${namespace}/daemonsets${query}`,
    horizontalPodAutoscalers: `/apis/autoscaling/v2${namespace}/horizontalpodautoscalers${query}`,
    scaledObjects: `/apis/keda.sh/v1alpha1${namespace}/scaledobjects${query}`,
    nodes: '/api/v1/nodes',
    clusterAutoscalerStatus:
      '/api/v1/namespaces/kube-system/configmaps/cluster-autoscaler-status',
    karpenterNodePools: '/apis/karpenter.sh/v1/nodepools',
  };
}

function proxyReader(options: {
  client: KubernetesBackendClient;
  cluster: string;
  signal?: AbortSignal;
}) {
  const { client, cluster, signal } = options;
  const get = <T>(path: string) => client.get<T>({ cluster, path, signal });
  return {
    // Core kinds must exist: a 404 there means the path is wrong, not that a kind is absent.
    async list<T>(path: string): Promise<T[]> {
      const body = await get<List<T>>(path);
      if (!body) throw new Error(`404 for ${path.split('?')[0]}`);
      return body.items ?? [];
    },
    // Add-ons (KEDA, the cluster autoscaler, Karpenter) may be absent or hidden from Backstage's
    // service account; either way there is nothing to report about them.
    async optional<T>(path: string): Promise<T | undefined> {
      try {
        return await get<T>(path);
      } catch (error) {
        if (error instanceof KubernetesRequestError && error.status === 403)
          return undefined;
        throw error;
      }
    },
  };
}

/** The entity's workload objects in one cluster, read through the Kubernetes backend's proxy. */
export async function fetchWorkloadObjects(options: {
  client: KubernetesBackendClient;
  cluster: string;
  selector: EntitySelector;
  signal?: AbortSignal;
}): Promise<WorkloadObjects> {
  const paths = clusterObjectPaths(options.selector);
  const { list } = proxyReader(options);
  const [
    pods,
    deployments,
    replicaSets,
    statefulSets,
    daemonSets,
    horizontalPodAutoscalers,
  ] = await Promise.all([
    list<ClusterObjects['pods'][number]>(paths.pods),
    list<ClusterObjects['deployments'][number]>(paths.deployments),
    list<ClusterObjects['replicaSets'][number]>(paths.replicaSets),
    list<ClusterObjects['statefulSets'][number]>(paths.statefulSets),
    list<ClusterObjects['daemonSets'][number]>(paths.daemonSets),
    list<ClusterObjects['horizontalPodAutoscalers'][number]>(
      paths.horizontalPodAutoscalers,
    ),
  ]);
  return {
    pods,
    deployments,
    replicaSets,
    statefulSets,
    daemonSets,
    horizontalPodAutoscalers,
  };
}

/** Nodes, the cluster autoscaler status and Karpenter NodePools: the same for every entity of a cluster. */
export type ClusterWideObjects = Pick<
  ClusterObjects,
  'nodes' | 'clusterAutoscalerStatus' | 'karpenterNodePools'
>;

/** The cluster-wide objects of one cluster, read through the Kubernetes backend's proxy. */
export async function fetchClusterWideObjects(options: {
  client: KubernetesBackendClient;
  cluster: string;
  signal?: AbortSignal;
}): Promise<ClusterWideObjects> {
  const paths = clusterObjectPaths({ labelSelector: '' });
  const { list, optional } = proxyReader(options);
  const [nodes, clusterAutoscalerStatus, karpenterNodePools] =
    await Promise.all([
      list<ClusterObjects['nodes'][number]>(paths.nodes),
      optional<ConfigMap>(paths.clusterAutoscalerStatus),
      optional<List<NonNullable<ClusterObjects['karpenterNodePools']>[number]>>(
        paths.karpenterNodePools,
      ),
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
  client: KubernetesBackendClient;
  cluster: string;
  selector: EntitySelector;
  signal?: AbortSignal;
}): Promise<ClusterObjects['scaledObjects']> {
  const { optional } = proxyReader(options);
  const list = await optional<
    List<NonNullable<ClusterObjects['scaledObjects']>[number]>
  >(clusterObjectPaths(options.selector).scaledObjects);
  return list && (list.items ?? []);
}

/** The workload query's object types, by the `type` the Kubernetes backend gives each list. */
const WORKLOAD_QUERY_TYPES: Record<string, keyof WorkloadObjects> = {
  pods: 'pods',
  deployments: 'deployments',
  replicasets: 'replicaSets',
  statefulsets: 'statefulSets',
  daemonsets: 'daemonSets',
  horizontalpodautoscalers: 'horizontalPodAutoscalers',
};

/**
 * One cluster's part of the workload query's answer as workload objects. Throws when the
 * Kubernetes backend could not read the cluster; a kind the API does not serve (404) is empty.
 */
export function workloadObjectsFromQuery(
  item: WorkloadQueryResponse['items'][number],
): WorkloadObjects {
  const failures = item.errors.filter(error => error.errorType !== 'NOT_FOUND');
  if (failures.length > 0) {
    throw new Error(
      failures
        .map(
          error =>
            error.message ??
            `${error.errorType}${
              error.statusCode ? ` ${error.statusCode}` : ''
            } for ${error.resourcePath ?? 'a resource'}`,
        )
        .join('; '),
    );
  }
  const objects: WorkloadObjects = {
    pods: [],
    deployments: [],
    replicaSets: [],
    statefulSets: [],
    daemonSets: [],
    horizontalPodAutoscalers: [],
  };
  for (const { type, resources } of item.resources) {
    const key = WORKLOAD_QUERY_TYPES[type];
    if (key) (objects[key] as unknown[]).push(...resources);
  }
  return objects;
}
