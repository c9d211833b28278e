import type {
  AutoscalerMetric,
  HealthProblem,
  HorizontalPodAutoscalerHealth,
} from '@skyforge/plugin-skyforge-common';
import type {
  HorizontalPodAutoscaler,
  MetricSpec,
  MetricStatus,
  MetricTarget,
  MetricValueStatus,
} from './kubernetesTypes';
import { describeObject, findCondition } from './conditions';

function formatTarget(target: MetricTarget): string {
  switch (target.type) {
    case 'Utilization':
      return `${target.averageUtilization ?? '?'}%`;
    case 'AverageValue':
      return `${target.averageValue ?? '?'} per pod`;
    default:
      return `${target.value ?? '?'}`;
  }
}

function formatCurrent(
  current: MetricValueStatus,
  target: MetricTarget,
): string | undefined {
  if (
    target.type === 'Utilization' &&
    current.averageUtilization !== undefined
  ) {
    return `${current.averageUtilization}%`;
  }
  if (target.type === 'AverageValue' && current.averageValue !== undefined) {
    return `${current.averageValue} per pod`;
  }
  if (target.type === 'Value' && current.value !== undefined) {
    return current.value;
  }
  return current.averageValue ?? current.value;
}

interface MetricParts {
  name: string;
  identity: string;
  target?: MetricTarget;
}

function specParts(spec: MetricSpec): MetricParts | undefined {
  switch (spec.type) {
    case 'Resource':
      return (
        spec.resource && {
          name: spec.resource.name,
          identity: spec.resource.name,
          target: spec.resource.target,
        }
      );
    case 'ContainerResource':
      return (
        spec.containerResource && {
          name: `${spec.containerResource.name} (container ${spec.containerResource.container})`,
          identity: `${spec.containerResource.name}/${spec.containerResource.container}`,
          target: spec.containerResource.target,
        }
      );
    case 'Pods':
      return (
        spec.pods && {
          name: spec.pods.metric.name,
          identity: spec.pods.metric.name,
          target: spec.pods.target,
        }
      );
    case 'Object':
      return (
        spec.object && {
          name: `${spec.object.metric.name} (${spec.object.describedObject.kind}/${spec.object.describedObject.name})`,
          identity: `${spec.object.metric.name}/${spec.object.describedObject.kind}/${spec.object.describedObject.name}`,
          target: spec.object.target,
        }
      );
    case 'External':
      return (
        spec.external && {
          name: spec.external.metric.name,
          identity: spec.external.metric.name,
          target: spec.external.target,
        }
      );
    default:
      return undefined;
  }
}

function statusParts(
  status: MetricStatus,
): { identity: string; current?: MetricValueStatus } | undefined {
  switch (status.type) {
    case 'Resource':
      return (
        status.resource && {
          identity: status.resource.name,
          current: status.resource.current,
        }
      );
    case 'ContainerResource':
      return (
        status.containerResource && {
          identity: `${status.containerResource.name}/${status.containerResource.container}`,
          current: status.containerResource.current,
        }
      );
    case 'Pods':
      return (
        status.pods && {
          identity: status.pods.metric.name,
          current: status.pods.current,
        }
      );
    case 'Object':
      return (
        status.object && {
          identity: `${status.object.metric.name}/${status.object.describedObject.kind}/${status.object.describedObject.name}`,
          current: status.object.current,
        }
      );
    case 'External':
      return (
        status.external && {
          identity: status.external.metric.name,
          current: status.external.current,
        }
      );
    default:
      return undefined;
  }
}

/** Each metric of an HPA's spec with its target and, when the HPA could read it, its current value. */
export function computeAutoscalerMetrics(
  hpa: HorizontalPodAutoscaler,
): AutoscalerMetric[] {
  const current = hpa.status?.currentMetrics ?? [];
  return (hpa.spec.metrics ?? []).flatMap(spec => {
    const parts = specParts(spec);
    if (!parts || !parts.target) return [];
    const matching = current.find(
      status =>
        status.type === spec.type &&
        statusParts(status)?.identity === parts.identity,
    );
    const value = matching && statusParts(matching)?.current;
    const metric: AutoscalerMetric = {
      type: spec.type,
      name: parts.name,
      target: formatTarget(parts.target),
    };
    const formatted = value && formatCurrent(value, parts.target);
    if (formatted !== undefined) metric.current = formatted;
    return [metric];
  });
}

export interface AutoscalerHealthResult {
  autoscaler: HorizontalPodAutoscalerHealth;
  problems: HealthProblem[];
}

/**
 * An autoscaling/v2 HorizontalPodAutoscaler's state: replica bounds, every metric with current
 * and target, its conditions, and whether it is pinned at its maximum. "At max" is read from the
 * ScalingLimited condition (True, reason TooManyReplicas) rather than from replica counts, which
 * only equal the maximum by coincidence when the load fits exactly.
 */
export function computeAutoscalerHealth(options: {
  hpa: HorizontalPodAutoscaler;
}): AutoscalerHealthResult {
  const { hpa } = options;
  const status = hpa.status ?? {};
  const conditions = status.conditions ?? [];
  const object = describeObject('HorizontalPodAutoscaler', hpa.metadata);
  const name = hpa.metadata.name;
  const limited = findCondition(conditions, 'ScalingLimited');
  const atMax =
    limited?.status === 'True' && limited.reason === 'TooManyReplicas';

  const autoscaler: HorizontalPodAutoscalerHealth = {
    namespace: hpa.metadata.namespace ?? 'default',
    name,
    target: `${hpa.spec.scaleTargetRef.kind}/${hpa.spec.scaleTargetRef.name}`,
    minReplicas: hpa.spec.minReplicas ?? 1,
    maxReplicas: hpa.spec.maxReplicas,
    currentReplicas: status.currentReplicas ?? 0,
    desiredReplicas: status.desiredReplicas ?? 0,
    metrics: computeAutoscalerMetrics(hpa),
    conditions: conditions.map(condition => ({
      type: condition.type,
      status: condition.status,
      ...(condition.reason !== undefined && { reason: condition.reason }),
      ...(condition.message !== undefined && { message: condition.message }),
    })),
    atMax,
    ...(status.lastScaleTime !== undefined && {
      lastScaleTime: status.lastScaleTime,
    }),
  };

  const problems: HealthProblem[] = [];
  const ableToScale = findCondition(conditions, 'AbleToScale');
  if (ableToScale?.status === 'False') {
    problems.push({
      severity: 'error',
      message: `HPA ${name} cannot scale ${autoscaler.target} (${
        ableToScale.reason ?? 'AbleToScale False'
      }): ${ableToScale.message ?? ''}`.trim(),
      action:
        'Check that the scale target exists and that the HPA controller may read and update its scale subresource.',
      object,
    });
  }
  const active = findCondition(conditions, 'ScalingActive');
  if (active?.status === 'False' && active.reason !== 'ScalingDisabled') {
    problems.push({
      severity: 'warning',
      message: `HPA ${name} cannot compute a replica count (${
        active.reason ?? 'ScalingActive False'
      }): ${active.message ?? ''}`.trim(),
      action:
        'Make its metrics available: metrics-server for Resource metrics (and resource requests on every container), a custom or external metrics adapter (e.g. Prometheus Adapter, KEDA) for the others.',
      object,
    });
  }
  if (atMax) {
    problems.push({
      severity: 'warning',
      message: `HPA ${name} is at its maximum of ${
        autoscaler.maxReplicas
      } replicas and wants more: ${limited?.message ?? ''}`.trim(),
      action:
        'Raise maxReplicas if the cluster has room (check node pool maximums), or make each replica handle more load.',
      object,
    });
  }
  return { autoscaler, problems };
}
