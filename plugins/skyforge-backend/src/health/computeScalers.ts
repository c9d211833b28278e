import type {
  HealthProblem,
  HealthStatus,
  ScalerHealth,
} from '@skyforge/plugin-skyforge-common';
import type {
  Condition,
  KarpenterNodePool,
  ScaledObject,
} from './kubernetesTypes';
import type { ClusterAutoscalerStatus } from './parseClusterAutoscalerStatus';
import { describeObject, findCondition } from './conditions';

export interface ScalersResult {
  scalers: ScalerHealth[];
  problems: HealthProblem[];
}

function conditionText(conditions: Condition[] | undefined, type: string) {
  const condition = findCondition(conditions, type);
  return condition ? `${type}=${condition.status}` : undefined;
}

/** KEDA ScaledObjects: triggers, replica bounds and the Ready / Active / Fallback / Paused conditions. */
export function computeScaledObjectHealth(options: {
  scaledObject: ScaledObject;
}): ScalersResult {
  const { scaledObject } = options;
  const { spec, status, metadata } = scaledObject;
  const conditions = status?.conditions;
  const object = describeObject('ScaledObject', metadata);
  const ready = findCondition(conditions, 'Ready');
  const fallback = findCondition(conditions, 'Fallback');
  const paused = findCondition(conditions, 'Paused');
  const triggers = spec.triggers.map(trigger => trigger.type).join(', ');
  const target = `${
    spec.scaleTargetRef.kind ??
    status?.scaleTargetKind?.split('.').pop() ??
    'Deployment'
  }/${spec.scaleTargetRef.name}`;
  const bounds = `${spec.minReplicaCount ?? 0}–${
    spec.maxReplicaCount ?? 100
  } replicas`;
  const stateText = ['Ready', 'Active', 'Fallback', 'Paused']
    .map(type => conditionText(conditions, type))
    .filter(Boolean)
    .join(', ');
  const problems: HealthProblem[] = [];
  let scalerStatus: HealthStatus = ready ? 'healthy' : 'unknown';
  if (ready?.status === 'False') {
    scalerStatus = 'unhealthy';
    problems.push({
      severity: 'error',
      message: `KEDA ScaledObject ${metadata.name} is not ready (${
        ready.reason ?? 'Ready False'
      }): ${ready.message ?? ''}`.trim(),
      action:
        'Check the trigger metadata and its TriggerAuthentication, and the keda-operator logs; KEDA does not scale the target until it is ready.',
      object,
    });
  }
  if (fallback?.status === 'True') {
    scalerStatus = scalerStatus === 'unhealthy' ? scalerStatus : 'degraded';
    problems.push({
      severity: 'warning',
      message: `KEDA ScaledObject ${
        metadata.name
      } uses its fallback replica count: ${
        fallback.message ?? 'a scaler keeps failing'
      }`,
      action:
        "A trigger's source cannot be read; fix the source or its credentials so KEDA scales on real load again.",
      object,
    });
  }
  for (const [metric, health] of Object.entries(status?.health ?? {})) {
    if ((health.numberOfFailures ?? 0) > 0 && health.status !== 'Happy') {
      scalerStatus = scalerStatus === 'unhealthy' ? scalerStatus : 'degraded';
      problems.push({
        severity: 'warning',
        message: `KEDA metric ${metric} of ScaledObject ${metadata.name} failed ${health.numberOfFailures} times in a row`,
        action:
          "Check that the trigger's source answers and that KEDA may read it.",
        object,
      });
    }
  }
  if (paused?.status === 'True') {
    problems.push({
      severity: 'warning',
      message: `KEDA ScaledObject ${metadata.name} is paused`,
      action:
        'Remove the `autoscaling.keda.sh/paused` annotation to let KEDA scale again.',
      object,
    });
  }
  return {
    scalers: [
      {
        kind: 'ScaledObject',
        namespace: metadata.namespace,
        name: metadata.name,
        summary: `${triggers} → ${target}, ${bounds}${
          stateText ? `; ${stateText}` : ''
        }`,
        status: scalerStatus,
      },
    ],
    problems,
  };
}

/** The cluster autoscaler's own view: overall health, scale-up / scale-down state, backing-off and maxed-out node groups. */
export function computeClusterAutoscalerHealth(options: {
  status: ClusterAutoscalerStatus;
  /** Entity pods that cannot be scheduled; a maxed-out node group only matters when some exist. */
  unschedulablePods: number;
}): ScalersResult {
  const { status, unschedulablePods } = options;
  const object = 'ConfigMap kube-system/cluster-autoscaler-status';
  const problems: HealthProblem[] = [];
  let scalerStatus: HealthStatus =
    status.clusterHealth === 'Healthy' ? 'healthy' : 'unknown';
  if (status.clusterHealth === 'Unhealthy') {
    scalerStatus = 'unhealthy';
    problems.push({
      severity: 'error',
      message:
        'The cluster autoscaler reports the cluster as Unhealthy (too many unready nodes); it stops scaling until that recovers',
      action:
        'Find the unready nodes (`kubectl get nodes`) and recover or remove them; see the cluster-autoscaler logs.',
      object,
    });
  }
  if (status.autoscalerStatus && status.autoscalerStatus !== 'Running') {
    scalerStatus = scalerStatus === 'unhealthy' ? scalerStatus : 'degraded';
    problems.push({
      severity: 'warning',
      message: `The cluster autoscaler is ${status.autoscalerStatus}`,
      action:
        'Wait for it to finish starting; if it stays there, read its logs.',
      object,
    });
  }
  for (const group of status.nodeGroups) {
    if (group.scaleUp === 'Backoff') {
      scalerStatus = scalerStatus === 'unhealthy' ? scalerStatus : 'degraded';
      problems.push({
        severity: 'warning',
        message: `The cluster autoscaler is backing off from scaling up node group ${group.name} after failed attempts`,
        action:
          "Check the cloud side: instance quotas, capacity for the instance types in the zones, and the node group's launch configuration; see the cluster-autoscaler logs.",
        object,
      });
    }
    if (group.health === 'Unhealthy') {
      scalerStatus = scalerStatus === 'unhealthy' ? scalerStatus : 'degraded';
      problems.push({
        severity: 'warning',
        message: `The cluster autoscaler reports node group ${group.name} as Unhealthy`,
        action:
          'Check its unready and unregistered nodes; see the cluster-autoscaler logs.',
        object,
      });
    }
    if (
      unschedulablePods > 0 &&
      group.maxSize !== undefined &&
      group.cloudProviderTarget !== undefined &&
      group.cloudProviderTarget >= group.maxSize
    ) {
      scalerStatus = scalerStatus === 'unhealthy' ? scalerStatus : 'degraded';
      problems.push({
        severity: 'warning',
        message: `Node group ${group.name} is at its maximum of ${group.maxSize} nodes while ${unschedulablePods} pods cannot be scheduled`,
        action:
          "Raise the node group's maximum size, or lower the pods' resource requests.",
        object,
      });
    }
  }
  const groups = status.nodeGroups
    .map(
      group =>
        `${group.name} ${
          group.cloudProviderTarget ?? group.registered ?? '?'
        } (${group.minSize ?? '?'}–${group.maxSize ?? '?'})`,
    )
    .join(', ');
  const summary = [
    status.autoscalerStatus,
    status.clusterHealth && `cluster ${status.clusterHealth}`,
    status.clusterScaleUp && `scale-up ${status.clusterScaleUp}`,
    status.clusterScaleDown && `scale-down ${status.clusterScaleDown}`,
    groups && `node groups: ${groups}`,
  ]
    .filter(Boolean)
    .join('; ');
  return {
    scalers: [
      {
        kind: 'ClusterAutoscaler',
        namespace: 'kube-system',
        name: 'cluster-autoscaler',
        summary,
        status: scalerStatus,
      },
    ],
    problems,
  };
}

const BINARY_SUFFIXES: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL_SUFFIXES: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/** A Kubernetes resource quantity (`500m`, `64Gi`, `1e3`) as a number, or undefined if it is not one. */
export function parseQuantity(
  quantity: string | number | undefined,
): number | undefined {
  if (quantity === undefined) return undefined;
  if (typeof quantity === 'number') return quantity;
  const match =
    /^([+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/.exec(
      quantity.trim(),
    );
  if (!match) return undefined;
  const suffix = match[2] ?? '';
  const factor = BINARY_SUFFIXES[suffix] ?? DECIMAL_SUFFIXES[suffix];
  return Number(match[1]) * factor;
}

/** Karpenter NodePools: limits against current usage, and readiness. */
export function computeKarpenterNodePoolHealth(options: {
  nodePool: KarpenterNodePool;
}): ScalersResult {
  const { nodePool } = options;
  const object = describeObject('NodePool', nodePool.metadata);
  const limits = nodePool.spec?.limits ?? {};
  const usage = nodePool.status?.resources ?? {};
  const problems: HealthProblem[] = [];
  let scalerStatus: HealthStatus = 'healthy';
  const ready = findCondition(nodePool.status?.conditions, 'Ready');
  if (ready?.status === 'False') {
    scalerStatus = 'unhealthy';
    problems.push({
      severity: 'error',
      message: `Karpenter NodePool ${nodePool.metadata.name} is not ready (${
        ready.reason ?? 'Ready False'
      }): ${ready.message ?? ''}`.trim(),
      action:
        "Check the NodePool's NodeClass (e.g. EC2NodeClass) and the karpenter controller logs.",
      object,
    });
  }
  const usageText: string[] = [];
  for (const [resource, limit] of Object.entries(limits)) {
    const used = usage[resource];
    usageText.push(`${resource} ${used ?? '0'} of ${limit}`);
    const limitValue = parseQuantity(limit);
    const usedValue = parseQuantity(used);
    if (
      limitValue !== undefined &&
      usedValue !== undefined &&
      usedValue >= limitValue
    ) {
      scalerStatus = scalerStatus === 'unhealthy' ? scalerStatus : 'degraded';
      problems.push({
        severity: 'warning',
        message: `Karpenter NodePool ${nodePool.metadata.name} has reached its ${resource} limit (${used} of ${limit}); it launches no more nodes`,
        action: `Raise \`spec.limits.${resource}\` of the NodePool, or let another NodePool take the pods.`,
        object,
      });
    }
  }
  const summary = [
    usageText.length > 0 ? `limits: ${usageText.join(', ')}` : 'no limits',
    ready && `Ready=${ready.status}`,
  ]
    .filter(Boolean)
    .join('; ');
  return {
    scalers: [
      {
        kind: 'NodePool',
        name: nodePool.metadata.name,
        summary,
        status: scalerStatus,
      },
    ],
    problems,
  };
}
