import type { Entity } from '@backstage/catalog-model';
import {
  KUBERNETES_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION,
} from '@backstage/plugin-kubernetes-common';
import type {
  AutoscalerCondition,
  ClusterHealth,
  EntityHealthResponse,
  HealthStatus,
  HealthView,
  HorizontalPodAutoscalerHealth,
} from '@skyforge/plugin-skyforge-common';

/** Where the Kubernetes backend's clusters are configured. */
export const KUBERNETES_CONFIGURATION_DOCS =
  'https://backstage.io/docs/features/kubernetes/configuration';

/** Whether the entity says how to find its Kubernetes objects. */
export function hasKubernetesAnnotation(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(
    annotations[KUBERNETES_ANNOTATION]?.trim() ||
      annotations[KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION]?.trim(),
  );
}

/**
 * What the entity's health is made of, as the backend computes it: a `kubernetes-cluster`
 * Resource's cluster, a System's, Domain's or Group's parts, a Component's or Resource's own
 * objects (when annotated); undefined when the entity has no health.
 */
export function healthViewOf(entity: Entity): HealthView | undefined {
  const kind = entity.kind.toLocaleLowerCase('en-US');
  if (kind === 'resource' && entity.spec?.type === 'kubernetes-cluster') {
    return 'cluster';
  }
  if (kind === 'system' || kind === 'domain' || kind === 'group') {
    return 'rollUp';
  }
  if (
    (kind === 'component' || kind === 'resource') &&
    hasKubernetesAnnotation(entity)
  ) {
    return 'workloads';
  }
  return undefined;
}

/** The label selector the backend uses for the entity, for messages. */
export function kubernetesSelector(entity: Entity): string {
  const annotations = entity.metadata.annotations ?? {};
  const selector =
    annotations[KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION]?.trim();
  if (selector) {
    return selector;
  }
  const id = annotations[KUBERNETES_ANNOTATION]?.trim() || entity.metadata.name;
  return `${KUBERNETES_ANNOTATION}=${id}`;
}

/**
 * The backend lists every cluster that holds the entity's objects or could not be read; an empty
 * list means that no configured cluster holds them, or that the Kubernetes backend has no cluster
 * (its reasons say which), so the view explains the configuration instead of showing sections.
 */
export function hasNoClusters(response: EntityHealthResponse): boolean {
  return response.clusters.length === 0;
}

export const STATUS_LABELS: Record<HealthStatus, string> = {
  healthy: 'Healthy',
  degraded: 'Degraded',
  unhealthy: 'Unhealthy',
  unknown: 'Unknown',
};

export function clusterTitle(
  cluster: Pick<ClusterHealth, 'name' | 'title'>,
): string {
  return cluster.title && cluster.title !== cluster.name
    ? `${cluster.title} (${cluster.name})`
    : cluster.name;
}

/** HPA condition reasons in words (reasons as the HPA controller writes them). */
const REASON_WORDS: Record<string, string> = {
  TooManyReplicas: 'at maximum',
  TooFewReplicas: 'at minimum',
  DesiredWithinRange: 'within range',
  ValidMetricFound: 'metrics available',
  ScalingDisabled: 'scaling disabled',
  FailedGetResourceMetric: 'cannot read a resource metric',
  FailedGetPodsMetric: 'cannot read a pods metric',
  FailedGetObjectMetric: 'cannot read an object metric',
  FailedGetExternalMetric: 'cannot read an external metric',
  FailedGetContainerResourceMetric: 'cannot read a container resource metric',
  InvalidSelector: 'invalid selector',
  InvalidMetricSourceType: 'invalid metric source',
  ReadyForNewScale: 'ready to scale',
  ScaleDownStabilized: 'scale-down stabilizing',
  ScaleUpStabilized: 'scale-up stabilizing',
  SucceededRescale: 'rescaled',
  SucceededGetScale: 'read the target scale',
  FailedGetScale: 'cannot read the target scale',
  FailedUpdateScale: 'cannot update the target scale',
  BackoffBoth: 'backing off',
  BackoffDownscale: 'backing off scale-down',
  BackoffUpscale: 'backing off scale-up',
};

/** Words for a condition whose reason is not known, by type and status. */
const STATUS_WORDS: Record<string, Record<'True' | 'False', string>> = {
  AbleToScale: { True: 'able to scale', False: 'cannot scale' },
  ScalingActive: { True: 'active', False: 'inactive' },
  ScalingLimited: { True: 'limited', False: 'within range' },
};

/**
 * A condition in words, e.g. `ScalingLimited: at maximum (TooManyReplicas)` or
 * `ScalingActive: cannot read an external metric (FailedGetExternalMetric)`.
 */
export function describeCondition(condition: AutoscalerCondition): string {
  let words: string;
  if (condition.status === 'Unknown') {
    words = 'unknown';
  } else if (condition.reason && REASON_WORDS[condition.reason]) {
    words = REASON_WORDS[condition.reason];
  } else {
    words =
      STATUS_WORDS[condition.type]?.[condition.status] ??
      (condition.status === 'True' ? 'true' : 'false');
  }
  return `${condition.type}: ${words}${
    condition.reason ? ` (${condition.reason})` : ''
  }`;
}

/** Where the current replica count sits between the minimum (0) and the maximum (1). */
export function replicaPosition(
  autoscaler: Pick<
    HorizontalPodAutoscalerHealth,
    'minReplicas' | 'maxReplicas' | 'currentReplicas'
  >,
): number {
  const { minReplicas, maxReplicas, currentReplicas } = autoscaler;
  if (maxReplicas <= minReplicas) {
    return currentReplicas >= maxReplicas ? 1 : 0;
  }
  const position =
    (currentReplicas - minReplicas) / (maxReplicas - minReplicas);
  return Math.min(1, Math.max(0, position));
}

/** A one-line summary of a cluster for the overview card. */
export function summarizeCluster(cluster: ClusterHealth): string {
  if (!cluster.reachable) {
    return `unreachable: ${cluster.error ?? 'unknown error'}`;
  }
  const parts: string[] = [];
  if (cluster.nodesTotal !== undefined) {
    parts.push(`${cluster.nodesReady ?? 0}/${cluster.nodesTotal} nodes ready`);
  }
  const workloads = cluster.workloads.length;
  const notReady = cluster.workloads.filter(
    workload => workload.ready < workload.desired,
  ).length;
  parts.push(
    `${workloads} workload${workloads === 1 ? '' : 's'}${
      notReady > 0 ? `, ${notReady} not ready` : ''
    }`,
  );
  const atMax = cluster.autoscalers.filter(
    autoscaler => autoscaler.atMax,
  ).length;
  if (atMax > 0) {
    parts.push(`${atMax} autoscaler${atMax === 1 ? '' : 's'} at max`);
  }
  return parts.join(' · ');
}
