import type {
  ClusterHealth,
  EntityHealthResponse,
} from '@skyforge/plugin-skyforge-common';

/**
 * Health responses as the Skyforge backend returns them for `component:default/payments-api`,
 * modelled on its recorded Kubernetes fixtures (EKS nodes, the payments workloads, the cluster
 * autoscaler status and Karpenter NodePools). Used by the component tests and the dev harness.
 */

const generatedAt = '2025-03-07T12:00:00.000Z';

const healthyEks: ClusterHealth = {
  name: 'eks-prod',
  title: 'EKS production',
  reachable: true,
  status: 'healthy',
  nodesReady: 6,
  nodesTotal: 6,
  nodePools: [
    {
      name: 'system',
      nodesReady: 2,
      nodesTotal: 2,
      min: 2,
      max: 4,
      desired: 2,
      instanceTypes: ['m6i.large'],
      label: 'eks.amazonaws.com/nodegroup',
      autoscaler: 'cluster-autoscaler',
    },
    {
      name: 'application',
      nodesReady: 4,
      nodesTotal: 4,
      min: 3,
      max: 12,
      desired: 4,
      instanceTypes: ['m6i.xlarge', 'm6a.xlarge'],
      label: 'eks.amazonaws.com/nodegroup',
      autoscaler: 'cluster-autoscaler',
    },
  ],
  workloads: [
    {
      kind: 'Deployment',
      namespace: 'payments',
      name: 'payments-api',
      ready: 3,
      desired: 3,
      rolloutInProgress: false,
      restarts: 0,
      problems: [],
    },
  ],
  autoscalers: [
    {
      namespace: 'payments',
      name: 'payments-api',
      target: 'Deployment/payments-api',
      minReplicas: 3,
      maxReplicas: 10,
      currentReplicas: 3,
      desiredReplicas: 3,
      metrics: [
        { type: 'Resource', name: 'cpu', current: '41%', target: '70%' },
      ],
      conditions: [
        {
          type: 'AbleToScale',
          status: 'True',
          reason: 'ReadyForNewScale',
          message: 'recommended size matches current size',
        },
        {
          type: 'ScalingActive',
          status: 'True',
          reason: 'ValidMetricFound',
          message:
            'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
        },
        {
          type: 'ScalingLimited',
          status: 'False',
          reason: 'DesiredWithinRange',
          message: 'the desired count is within the acceptable range',
        },
      ],
      atMax: false,
    },
  ],
  scalers: [
    {
      kind: 'ClusterAutoscaler',
      namespace: 'kube-system',
      name: 'cluster-autoscaler',
      summary:
        'Running; cluster Healthy; scale-up NoActivity; scale-down NoCandidates; node groups: system 2 (2–4), application 4 (3–12)',
      status: 'healthy',
    },
  ],
  problems: [],
};

export const healthyResponse: EntityHealthResponse = {
  entityRef: 'component:default/payments-api',
  view: 'workloads',
  status: 'healthy',
  reasons: [],
  clusters: [healthyEks],
  generatedAt,
};

const crashLoop = {
  severity: 'error' as const,
  message:
    'Container worker of pod payments-worker-6c9f7b5d4-x7k2p is in CrashLoopBackOff after 14 restarts (last exit: Error, code 1)',
  action:
    "Read the crashed container's logs (`kubectl logs --previous`) and fix the start-up error; check its configuration, secrets and probes.",
  object: 'Pod payments/payments-worker-6c9f7b5d4-x7k2p',
};

const hpaAtMax = {
  severity: 'warning' as const,
  message:
    'HPA payments-api is at its maximum of 10 replicas and wants more: the desired replica count is more than the maximum replica count',
  action:
    'Raise maxReplicas if the cluster has room (check node pool maximums), or make each replica handle more load.',
  object: 'HorizontalPodAutoscaler payments/payments-api',
};

const degradedEks: ClusterHealth = {
  ...healthyEks,
  status: 'degraded',
  nodesReady: 7,
  nodesTotal: 8,
  nodePools: [
    healthyEks.nodePools[0],
    {
      name: 'default',
      nodesReady: 5,
      nodesTotal: 6,
      min: 0,
      instanceTypes: ['c6i.2xlarge', 'c7i.2xlarge'],
      label: 'karpenter.sh/nodepool',
      autoscaler: 'karpenter',
      limits: { cpu: '64' },
      usage: { cpu: '48' },
    },
  ],
  workloads: [
    {
      kind: 'Deployment',
      namespace: 'payments',
      name: 'payments-api',
      ready: 10,
      desired: 10,
      rolloutInProgress: false,
      restarts: 0,
      problems: [],
    },
    {
      kind: 'Deployment',
      namespace: 'payments',
      name: 'payments-worker',
      ready: 1,
      desired: 2,
      rolloutInProgress: false,
      restarts: 14,
      problems: [
        {
          severity: 'error',
          message:
            'Deployment payments-worker has 1 of 2 replicas ready: container worker of pod payments-worker-6c9f7b5d4-x7k2p is in CrashLoopBackOff',
          action: crashLoop.action,
          object: 'Deployment payments/payments-worker',
        },
        crashLoop,
      ],
    },
    {
      kind: 'StatefulSet',
      namespace: 'payments',
      name: 'payments-cache',
      ready: 3,
      desired: 3,
      rolloutInProgress: false,
      restarts: 1,
      problems: [],
    },
  ],
  autoscalers: [
    {
      namespace: 'payments',
      name: 'payments-api',
      target: 'Deployment/payments-api',
      minReplicas: 3,
      maxReplicas: 10,
      currentReplicas: 10,
      desiredReplicas: 10,
      metrics: [
        { type: 'Resource', name: 'cpu', current: '92%', target: '70%' },
        {
          type: 'Pods',
          name: 'http_requests_per_second',
          current: '212 per pod',
          target: '100 per pod',
        },
        {
          type: 'External',
          name: 'sqs_messages_visible',
          target: '30 per pod',
        },
      ],
      conditions: [
        {
          type: 'AbleToScale',
          status: 'True',
          reason: 'ScaleDownStabilized',
          message:
            'recent recommendations were higher than current one, applying the highest recent recommendation',
        },
        {
          type: 'ScalingActive',
          status: 'True',
          reason: 'ValidMetricFound',
          message:
            'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
        },
        {
          type: 'ScalingLimited',
          status: 'True',
          reason: 'TooManyReplicas',
          message:
            'the desired replica count is more than the maximum replica count',
        },
      ],
      atMax: true,
      lastScaleTime: '2025-03-07T11:42:10Z',
    },
    {
      namespace: 'payments',
      name: 'payments-cache',
      target: 'StatefulSet/payments-cache',
      minReplicas: 1,
      maxReplicas: 3,
      currentReplicas: 3,
      desiredReplicas: 3,
      metrics: [
        { type: 'Resource', name: 'memory', current: '64%', target: '80%' },
      ],
      conditions: [
        {
          type: 'ScalingLimited',
          status: 'False',
          reason: 'DesiredWithinRange',
          message: 'the desired count is within the acceptable range',
        },
      ],
      atMax: false,
    },
  ],
  scalers: [
    {
      kind: 'ScaledObject',
      namespace: 'payments',
      name: 'payments-worker',
      summary:
        'aws-sqs-queue → Deployment/payments-worker, 1–20 replicas; active',
      status: 'healthy',
    },
    {
      kind: 'NodePool',
      name: 'default',
      summary: 'ready; cpu 48 of 64; consolidation WhenEmptyOrUnderutilized',
      status: 'healthy',
    },
  ],
  problems: [
    {
      severity: 'error',
      message:
        'Deployment payments-worker has 1 of 2 replicas ready: container worker of pod payments-worker-6c9f7b5d4-x7k2p is in CrashLoopBackOff',
      action: crashLoop.action,
      object: 'Deployment payments/payments-worker',
    },
    crashLoop,
    hpaAtMax,
  ],
};

export const degradedResponse: EntityHealthResponse = {
  entityRef: 'component:default/payments-api',
  view: 'workloads',
  status: 'degraded',
  reasons: [
    `eks-prod: ${degradedEks.problems[0].message}`,
    `eks-prod: ${crashLoop.message}`,
    `eks-prod: ${hpaAtMax.message}`,
  ],
  clusters: [degradedEks],
  generatedAt,
};

const unreachableGke: ClusterHealth = {
  name: 'gke-prod',
  title: 'GKE production',
  reachable: false,
  error: 'timed out: no answer within 5000 ms',
  status: 'unknown',
  nodePools: [],
  workloads: [],
  autoscalers: [],
  scalers: [],
  problems: [
    {
      severity: 'error',
      message:
        'Cluster gke-prod could not be read: timed out: no answer within 5000 ms',
      action:
        "Check that the cluster's API server is up and reachable from Backstage, and that the Kubernetes backend's credentials for it are valid.",
    },
  ],
};

export const oneClusterUnreachableResponse: EntityHealthResponse = {
  entityRef: 'component:default/payments-api',
  view: 'workloads',
  status: 'degraded',
  reasons: [
    'Cluster gke-prod is unreachable: timed out: no answer within 5000 ms',
  ],
  clusters: [healthyEks, unreachableGke],
  generatedAt,
};

export const noClustersResponse: EntityHealthResponse = {
  entityRef: 'component:default/payments-api',
  view: 'workloads',
  status: 'unknown',
  reasons: [
    'No Kubernetes objects found for backstage.io/kubernetes-id=payments-api in any cluster',
  ],
  clusters: [],
  generatedAt,
};

/** A `kubernetes-cluster` Resource: its cluster, with the kube-system workloads. */
export const clusterResponse: EntityHealthResponse = {
  entityRef: 'resource:default/payments-prod-aws-cluster',
  view: 'cluster',
  status: 'healthy',
  reasons: [],
  clusters: [
    {
      ...healthyEks,
      workloads: [
        {
          kind: 'Deployment',
          namespace: 'kube-system',
          name: 'coredns',
          ready: 2,
          desired: 2,
          rolloutInProgress: false,
          restarts: 0,
          problems: [],
        },
        {
          kind: 'DaemonSet',
          namespace: 'kube-system',
          name: 'aws-node',
          ready: 6,
          desired: 6,
          rolloutInProgress: false,
          restarts: 0,
          problems: [],
        },
      ],
      autoscalers: [],
    },
  ],
  generatedAt,
};

/** A System rolled up over its parts. */
export const rollUpResponse: EntityHealthResponse = {
  entityRef: 'system:default/payments',
  view: 'rollUp',
  status: 'degraded',
  reasons: [`payments-api is degraded: eks-prod: ${hpaAtMax.message}`],
  clusters: [],
  parts: [
    {
      entityRef: 'component:default/payments-api',
      title: 'payments-api',
      view: 'workloads',
      status: 'degraded',
      reasons: [`eks-prod: ${hpaAtMax.message}`],
    },
    {
      entityRef: 'resource:default/payments-prod-aws-cluster',
      view: 'cluster',
      status: 'healthy',
      reasons: [],
    },
  ],
  hiddenCount: 2,
  generatedAt,
};
