import type {
  ClusterHealth,
  HealthProblem,
  HealthStatus,
} from '@skyforge/plugin-skyforge-common';
import type { ClusterObjects } from './kubernetesTypes';
import { computeAutoscalerHealth } from './computeAutoscalerHealth';
import { computeNodePools } from './computeNodePools';
import {
  computeClusterAutoscalerHealth,
  computeKarpenterNodePoolHealth,
  computeScaledObjectHealth,
} from './computeScalers';
import { computeWorkloadHealth } from './computeWorkloadHealth';
import { findCondition } from './conditions';
import { parseClusterAutoscalerStatus } from './parseClusterAutoscalerStatus';

/** Whether the entity has anything in the cluster worth a health entry. */
export function hasEntityObjects(objects: ClusterObjects): boolean {
  return (
    objects.pods.length +
      objects.deployments.length +
      objects.statefulSets.length +
      objects.daemonSets.length +
      objects.horizontalPodAutoscalers.length +
      (objects.scaledObjects?.length ?? 0) >
    0
  );
}

function bySeverity(a: HealthProblem, b: HealthProblem): number {
  return (a.severity === 'error' ? 0 : 1) - (b.severity === 'error' ? 0 : 1);
}

/** The health of an entity in one cluster, from the objects fetched there. */
export function computeClusterHealth(options: {
  name: string;
  title?: string;
  objects: ClusterObjects;
}): ClusterHealth {
  const { name, title, objects } = options;
  const workloadResult = computeWorkloadHealth(objects);
  const unschedulablePods = objects.pods.filter(pod => {
    const scheduled = findCondition(pod.status?.conditions, 'PodScheduled');
    return (
      pod.status?.phase === 'Pending' &&
      scheduled?.status === 'False' &&
      scheduled.reason === 'Unschedulable'
    );
  }).length;

  const autoscalerStatusText = objects.clusterAutoscalerStatus?.data?.status;
  const clusterAutoscalerStatus = autoscalerStatusText
    ? parseClusterAutoscalerStatus({ text: autoscalerStatusText })
    : undefined;
  const pools = computeNodePools({
    nodes: objects.nodes,
    clusterAutoscalerStatus,
    karpenterNodePools: objects.karpenterNodePools,
  });

  const autoscalerResults = objects.horizontalPodAutoscalers.map(hpa =>
    computeAutoscalerHealth({ hpa }),
  );
  const scalerResults = [
    ...(objects.scaledObjects ?? []).map(scaledObject =>
      computeScaledObjectHealth({ scaledObject }),
    ),
    ...(clusterAutoscalerStatus
      ? [
          computeClusterAutoscalerHealth({
            status: clusterAutoscalerStatus,
            unschedulablePods,
          }),
        ]
      : []),
    ...(objects.karpenterNodePools ?? []).map(nodePool =>
      computeKarpenterNodePoolHealth({ nodePool }),
    ),
  ];

  const problems = [
    ...workloadResult.workloads.flatMap(workload => workload.problems),
    ...workloadResult.otherPodProblems,
    ...autoscalerResults.flatMap(result => result.problems),
    ...scalerResults.flatMap(result => result.problems),
    ...pools.problems,
  ].sort(bySeverity);

  let status: HealthStatus;
  if (
    workloadResult.workloads.some(
      workload => workload.desired > 0 && workload.ready === 0,
    )
  ) {
    status = 'unhealthy';
  } else if (
    problems.length > 0 ||
    workloadResult.workloads.some(workload => workload.ready < workload.desired)
  ) {
    status = 'degraded';
  } else if (
    workloadResult.workloads.length === 0 &&
    objects.pods.length === 0
  ) {
    status = 'unknown';
  } else {
    status = 'healthy';
  }

  return {
    name,
    ...(title !== undefined && { title }),
    reachable: true,
    status,
    nodesReady: pools.nodesReady,
    nodesTotal: pools.nodesTotal,
    nodePools: pools.nodePools,
    workloads: workloadResult.workloads,
    autoscalers: autoscalerResults.map(result => result.autoscaler),
    scalers: scalerResults.flatMap(result => result.scalers),
    problems,
  };
}

/**
 * A cluster's own health, for its `kubernetes-cluster` Resource and the fleet page: its nodes and
 * node pools, the cluster autoscaler and Karpenter, and the workloads of `kube-system` (DNS, CNI,
 * kube-proxy, the autoscalers themselves). No Ready node makes it unhealthy; a cluster with nodes
 * is known even where Backstage may not read `kube-system`.
 */
export function computeClusterResourceHealth(options: {
  name: string;
  title?: string;
  objects: ClusterObjects;
}): ClusterHealth {
  const health = computeClusterHealth(options);
  const nodesTotal = health.nodesTotal ?? 0;
  let status = health.status;
  if (nodesTotal > 0 && (health.nodesReady ?? 0) === 0) {
    status = 'unhealthy';
  } else if (status === 'unknown' && nodesTotal > 0) {
    status = health.problems.length > 0 ? 'degraded' : 'healthy';
  }
  return { ...health, status };
}

/** The entry of a cluster that could not be read in time. */
export function unreachableClusterHealth(options: {
  name: string;
  title?: string;
  error: string;
}): ClusterHealth {
  const { name, title, error } = options;
  return {
    name,
    ...(title !== undefined && { title }),
    reachable: false,
    error,
    status: 'unknown',
    nodePools: [],
    workloads: [],
    autoscalers: [],
    scalers: [],
    problems: [
      {
        severity: 'error',
        message: `Cluster ${name} could not be read: ${error}`,
        action:
          "Check that the cluster's API server is up and reachable from Backstage, and that the Kubernetes backend's credentials for it are valid.",
      },
    ],
  };
}
