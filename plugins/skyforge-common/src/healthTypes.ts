/** Response types of `GET /api/skyforge/v1/entities/:namespace/:kind/:name/health`. */

/** @public */
export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy' | 'unknown';

/** @public */
export interface HealthProblem {
  severity: 'warning' | 'error';
  /** What is wrong, e.g. `Pod payments-api-7d9f-abcde is in CrashLoopBackOff`. */
  message: string;
  /** What to do about it. */
  action?: string;
  /** The Kubernetes object concerned, e.g. `Pod payments/payments-api-7d9f-abcde`. */
  object?: string;
}

/** @public */
export interface NodePoolHealth {
  name: string;
  nodesReady: number;
  nodesTotal: number;
  min?: number;
  max?: number;
  instanceTypes: string[];
  /** The node label the pool was read from, e.g. `eks.amazonaws.com/nodegroup`. */
  label?: string;
  /** Nodes the cluster autoscaler currently aims for (its `cloudProviderTarget`). */
  desired?: number;
  /** What scales the pool and reported min / max / limits, when visible. */
  autoscaler?: 'cluster-autoscaler' | 'karpenter';
  /** Karpenter NodePool `spec.limits`, e.g. `{ cpu: '1000', memory: '1000Gi' }`. */
  limits?: Record<string, string>;
  /** Karpenter NodePool `status.resources`: what its nodes provide now. */
  usage?: Record<string, string>;
}

/** @public */
export interface WorkloadHealth {
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  namespace: string;
  name: string;
  ready: number;
  desired: number;
  rolloutInProgress: boolean;
  restarts: number;
  problems: HealthProblem[];
}

/** @public */
export interface AutoscalerMetric {
  /** `Resource`, `Pods`, `Object`, `External` or `ContainerResource`. */
  type: string;
  /** Metric name, e.g. `cpu` or `http_requests_per_second`. */
  name: string;
  current?: string;
  target: string;
}

/** @public */
export interface AutoscalerCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
}

/** @public */
export interface HorizontalPodAutoscalerHealth {
  namespace: string;
  name: string;
  target: string;
  minReplicas: number;
  maxReplicas: number;
  currentReplicas: number;
  desiredReplicas: number;
  metrics: AutoscalerMetric[];
  conditions: AutoscalerCondition[];
  /** True only when the ScalingLimited condition says the maximum was reached. */
  atMax: boolean;
  lastScaleTime?: string;
}

/** @public */
export interface ScalerHealth {
  /** `ScaledObject` (KEDA), `ClusterAutoscaler` or `NodePool` (Karpenter). */
  kind: string;
  name: string;
  summary: string;
  namespace?: string;
  status?: HealthStatus;
}

/** @public */
export interface ClusterHealth {
  name: string;
  /** The cluster's display title from the Kubernetes backend's configuration. */
  title?: string;
  reachable: boolean;
  error?: string;
  status: HealthStatus;
  nodesReady?: number;
  nodesTotal?: number;
  nodePools: NodePoolHealth[];
  workloads: WorkloadHealth[];
  autoscalers: HorizontalPodAutoscalerHealth[];
  /** KEDA ScaledObjects, cluster autoscaler status and Karpenter NodePools, where present. */
  scalers: ScalerHealth[];
  problems: HealthProblem[];
}

/**
 * What an entity's health is made of: `workloads` — its own pods, workloads and autoscalers in
 * every cluster that holds them (Components, Resources); `cluster` — a `kubernetes-cluster`
 * Resource's cluster itself: nodes, node pools, autoscalers and its `kube-system` workloads;
 * `rollUp` — a System's or Group's parts, each with its own status.
 *
 * @public
 */
export type HealthView = 'workloads' | 'cluster' | 'rollUp';

/**
 * One part of a rolled-up entity (System, Group), with its own health.
 *
 * @public
 */
export interface EntityHealthPart {
  entityRef: string;
  title?: string;
  view: Exclude<HealthView, 'rollUp'>;
  status: HealthStatus;
  reasons: string[];
}

/** @public */
export interface EntityHealthResponse {
  entityRef: string;
  view: HealthView;
  /** The worst of the clusters (`workloads`, `cluster`) or of the parts (`rollUp`). */
  status: HealthStatus;
  reasons: string[];
  /** Per cluster detail; empty for `rollUp`. */
  clusters: ClusterHealth[];
  /** For `rollUp`: the parts the caller may read that have health, worst first. */
  parts?: EntityHealthPart[];
  /**
   * For `rollUp`: parts left out because the caller may not read them in the catalog, is not
   * allowed `skyforge.health.read` on them or, for clusters, `kubernetes.clusters.read`.
   */
  hiddenCount?: number;
  generatedAt: string;
}
