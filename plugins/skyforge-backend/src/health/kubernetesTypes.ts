/**
 * The parts of Kubernetes API objects that the health computation reads. Field names and
 * nesting follow the Kubernetes API reference (core/v1, apps/v1, autoscaling/v2) and the
 * KEDA (keda.sh/v1alpha1) and Karpenter (karpenter.sh/v1) CRDs; everything else is ignored.
 */

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  creationTimestamp?: string;
  ownerReferences?: Array<{
    apiVersion: string;
    kind: string;
    name: string;
    uid?: string;
    controller?: boolean;
  }>;
}

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
}

export interface Deployment {
  kind?: 'Deployment';
  metadata: ObjectMeta;
  spec?: { replicas?: number; selector?: LabelSelector; paused?: boolean };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    unavailableReplicas?: number;
    conditions?: Condition[];
  };
}

export interface ReplicaSet {
  kind?: 'ReplicaSet';
  metadata: ObjectMeta;
  spec?: { replicas?: number };
  status?: { replicas?: number; readyReplicas?: number };
}

export interface StatefulSet {
  kind?: 'StatefulSet';
  metadata: ObjectMeta;
  spec?: { replicas?: number };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    readyReplicas?: number;
    currentReplicas?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
    currentRevision?: string;
    updateRevision?: string;
  };
}

export interface DaemonSet {
  kind?: 'DaemonSet';
  metadata: ObjectMeta;
  status?: {
    observedGeneration?: number;
    desiredNumberScheduled?: number;
    currentNumberScheduled?: number;
    numberReady?: number;
    updatedNumberScheduled?: number;
    numberAvailable?: number;
    numberUnavailable?: number;
    numberMisscheduled?: number;
  };
}

export interface ContainerState {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: string };
  terminated?: {
    exitCode?: number;
    reason?: string;
    message?: string;
    finishedAt?: string;
  };
}

export interface ContainerStatus {
  name: string;
  ready?: boolean;
  restartCount?: number;
  image?: string;
  state?: ContainerState;
  lastState?: ContainerState;
}

export interface Pod {
  kind?: 'Pod';
  metadata: ObjectMeta;
  spec?: { nodeName?: string };
  status?: {
    phase?: string;
    reason?: string;
    message?: string;
    conditions?: Condition[];
    initContainerStatuses?: ContainerStatus[];
    containerStatuses?: ContainerStatus[];
  };
}

export interface MetricIdentifier {
  name: string;
  selector?: LabelSelector;
}

export interface MetricTarget {
  type: 'Utilization' | 'Value' | 'AverageValue';
  value?: string;
  averageValue?: string;
  averageUtilization?: number;
}

export interface MetricValueStatus {
  value?: string;
  averageValue?: string;
  averageUtilization?: number;
}

export interface CrossVersionObjectReference {
  apiVersion?: string;
  kind: string;
  name: string;
}

export interface MetricSpec {
  type: 'Resource' | 'Pods' | 'Object' | 'External' | 'ContainerResource';
  resource?: { name: string; target: MetricTarget };
  containerResource?: { name: string; container: string; target: MetricTarget };
  pods?: { metric: MetricIdentifier; target: MetricTarget };
  object?: {
    describedObject: CrossVersionObjectReference;
    metric: MetricIdentifier;
    target: MetricTarget;
  };
  external?: { metric: MetricIdentifier; target: MetricTarget };
}

export interface MetricStatus {
  type: MetricSpec['type'];
  resource?: { name: string; current: MetricValueStatus };
  containerResource?: {
    name: string;
    container: string;
    current: MetricValueStatus;
  };
  pods?: { metric: MetricIdentifier; current: MetricValueStatus };
  object?: {
    describedObject: CrossVersionObjectReference;
    metric: MetricIdentifier;
    current: MetricValueStatus;
  };
  external?: { metric: MetricIdentifier; current: MetricValueStatus };
}

export interface HorizontalPodAutoscaler {
  kind?: 'HorizontalPodAutoscaler';
  metadata: ObjectMeta;
  spec: {
    scaleTargetRef: CrossVersionObjectReference;
    minReplicas?: number;
    maxReplicas: number;
    metrics?: MetricSpec[];
  };
  status?: {
    observedGeneration?: number;
    lastScaleTime?: string;
    currentReplicas?: number;
    desiredReplicas?: number;
    currentMetrics?: MetricStatus[];
    conditions?: Condition[];
  };
}

export interface NodeAddress {
  type: string;
  address: string;
}

export interface Node {
  kind?: 'Node';
  metadata: ObjectMeta;
  spec?: {
    unschedulable?: boolean;
    providerID?: string;
    taints?: Array<{ key: string; value?: string; effect: string }>;
  };
  status?: { conditions?: Condition[]; addresses?: NodeAddress[] };
}

export interface ConfigMap {
  kind?: 'ConfigMap';
  metadata: ObjectMeta;
  data?: Record<string, string>;
}

/** KEDA `keda.sh/v1alpha1` ScaledObject. */
export interface ScaledObject {
  kind?: 'ScaledObject';
  metadata: ObjectMeta;
  spec: {
    scaleTargetRef: { apiVersion?: string; kind?: string; name: string };
    minReplicaCount?: number;
    maxReplicaCount?: number;
    idleReplicaCount?: number;
    triggers: Array<{
      type: string;
      name?: string;
      metadata?: Record<string, string>;
    }>;
  };
  status?: {
    scaleTargetKind?: string;
    originalReplicaCount?: number;
    lastActiveTime?: string;
    externalMetricNames?: string[];
    hpaName?: string;
    conditions?: Condition[];
    health?: Record<string, { numberOfFailures?: number; status?: string }>;
    pausedReplicaCount?: number;
  };
}

/** Karpenter `karpenter.sh/v1` NodePool. */
export interface KarpenterNodePool {
  kind?: 'NodePool';
  metadata: ObjectMeta;
  spec?: {
    limits?: Record<string, string | number>;
    template?: {
      spec?: {
        requirements?: Array<{
          key: string;
          operator: string;
          values?: string[];
        }>;
        nodeClassRef?: { group?: string; kind?: string; name: string };
      };
    };
    disruption?: Record<string, unknown>;
  };
  status?: { resources?: Record<string, string>; conditions?: Condition[] };
}

/** Everything fetched for one entity in one cluster; optional parts are absent when the API is not served. */
export interface ClusterObjects {
  pods: Pod[];
  deployments: Deployment[];
  replicaSets: ReplicaSet[];
  statefulSets: StatefulSet[];
  daemonSets: DaemonSet[];
  horizontalPodAutoscalers: HorizontalPodAutoscaler[];
  nodes: Node[];
  /** KEDA ScaledObjects of the entity; undefined when KEDA is not installed. */
  scaledObjects?: ScaledObject[];
  /** `kube-system/cluster-autoscaler-status`; undefined when the cluster autoscaler does not run. */
  clusterAutoscalerStatus?: ConfigMap;
  /** Karpenter NodePools; undefined when Karpenter is not installed. */
  karpenterNodePools?: KarpenterNodePool[];
}
