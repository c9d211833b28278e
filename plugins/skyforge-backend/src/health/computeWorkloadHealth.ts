import type {
  HealthProblem,
  WorkloadHealth,
} from '@skyforge/plugin-skyforge-common';
import type {
  DaemonSet,
  Deployment,
  ObjectMeta,
  Pod,
  ReplicaSet,
  StatefulSet,
} from './kubernetesTypes';
import { describeObject, findCondition } from './conditions';
import { computePodProblems, podRestarts } from './computePodProblems';

type WorkloadKind = WorkloadHealth['kind'];

function controllerOf(metadata: ObjectMeta) {
  return (
    metadata.ownerReferences?.find(owner => owner.controller) ??
    metadata.ownerReferences?.[0]
  );
}

function key(kind: string, namespace: string | undefined, name: string) {
  return `${kind}/${namespace ?? ''}/${name}`;
}

/** The workload (Deployment via its ReplicaSet, StatefulSet or DaemonSet) that owns a pod. */
export function ownerWorkloadKey(
  pod: Pod,
  replicaSets: ReplicaSet[],
): string | undefined {
  const owner = controllerOf(pod.metadata);
  if (!owner) return undefined;
  const namespace = pod.metadata.namespace;
  if (owner.kind === 'ReplicaSet') {
    const replicaSet = replicaSets.find(
      candidate =>
        candidate.metadata.name === owner.name &&
        candidate.metadata.namespace === namespace,
    );
    const deployment = replicaSet && controllerOf(replicaSet.metadata);
    if (deployment?.kind === 'Deployment') {
      return key('Deployment', namespace, deployment.name);
    }
    // A pod of an RS whose RS was not fetched still names its Deployment by the RS name's prefix.
    if (!replicaSet) {
      const templateHash = pod.metadata.labels?.['pod-template-hash'];
      if (templateHash && owner.name.endsWith(`-${templateHash}`)) {
        return key(
          'Deployment',
          namespace,
          owner.name.slice(0, -(templateHash.length + 1)),
        );
      }
    }
    return undefined;
  }
  if (owner.kind === 'StatefulSet' || owner.kind === 'DaemonSet') {
    return key(owner.kind, namespace, owner.name);
  }
  return undefined;
}

function generationPending(
  metadata: ObjectMeta,
  observedGeneration: number | undefined,
) {
  return (
    metadata.generation !== undefined &&
    observedGeneration !== undefined &&
    observedGeneration < metadata.generation
  );
}

function deploymentState(deployment: Deployment) {
  const desired = deployment.spec?.replicas ?? 1;
  const status = deployment.status ?? {};
  const progressing = findCondition(status.conditions, 'Progressing');
  const updated = status.updatedReplicas ?? 0;
  const total = status.replicas ?? 0;
  const rolloutInProgress =
    generationPending(deployment.metadata, status.observedGeneration) ||
    updated < desired ||
    total > updated ||
    (progressing?.status === 'True' &&
      progressing.reason === 'ReplicaSetUpdated');
  const problems: HealthProblem[] = [];
  if (
    progressing?.status === 'False' &&
    progressing.reason === 'ProgressDeadlineExceeded'
  ) {
    problems.push({
      severity: 'error',
      message: `Rollout of Deployment ${deployment.metadata.name} is stuck: ${
        progressing.message ?? 'progress deadline exceeded'
      }`,
      action:
        "Look at the new pods' problems below; fix them and roll out again, or roll back with `kubectl rollout undo`.",
      object: describeObject('Deployment', deployment.metadata),
    });
  }
  if (deployment.spec?.paused) {
    problems.push({
      severity: 'warning',
      message: `Rollout of Deployment ${deployment.metadata.name} is paused`,
      action:
        'Resume it with `kubectl rollout resume` once the change is ready.',
      object: describeObject('Deployment', deployment.metadata),
    });
  }
  return {
    desired,
    ready: status.readyReplicas ?? 0,
    rolloutInProgress,
    problems,
  };
}

function statefulSetState(statefulSet: StatefulSet) {
  const desired = statefulSet.spec?.replicas ?? 1;
  const status = statefulSet.status ?? {};
  const rolloutInProgress =
    generationPending(statefulSet.metadata, status.observedGeneration) ||
    (status.updateRevision !== undefined &&
      status.currentRevision !== undefined &&
      status.updateRevision !== status.currentRevision) ||
    (status.updatedReplicas ?? 0) < desired;
  return {
    desired,
    ready: status.readyReplicas ?? 0,
    rolloutInProgress,
    problems: [] as HealthProblem[],
  };
}

function daemonSetState(daemonSet: DaemonSet) {
  const status = daemonSet.status ?? {};
  const desired = status.desiredNumberScheduled ?? 0;
  const rolloutInProgress =
    generationPending(daemonSet.metadata, status.observedGeneration) ||
    (status.updatedNumberScheduled ?? 0) < desired;
  const problems: HealthProblem[] = [];
  if ((status.numberMisscheduled ?? 0) > 0) {
    problems.push({
      severity: 'warning',
      message: `DaemonSet ${daemonSet.metadata.name} runs on ${status.numberMisscheduled} nodes it should not run on`,
      action:
        "Check the DaemonSet's node selector and tolerations against the nodes' labels and taints.",
      object: describeObject('DaemonSet', daemonSet.metadata),
    });
  }
  return {
    desired,
    ready: status.numberReady ?? 0,
    rolloutInProgress,
    problems,
  };
}

function replicaShortfallAction(
  podProblems: boolean,
  rolloutInProgress: boolean,
): string {
  if (podProblems) {
    return 'Fix the pod problems listed for this workload.';
  }
  if (rolloutInProgress) {
    return "Wait for the rollout to finish; if it does not progress, check the new pods' events (`kubectl describe pod`).";
  }
  return "Check the pods' readiness probes and events (`kubectl describe pod`).";
}

export interface WorkloadHealthResult {
  workloads: WorkloadHealth[];
  /** Problems of pods that belong to none of the workloads (bare pods, Jobs, foreign owners). */
  otherPodProblems: HealthProblem[];
}

/**
 * Readiness, rollouts and pod problems of an entity's Deployments, StatefulSets and DaemonSets.
 * Pods are attributed to their workload through owner references (Pod → ReplicaSet → Deployment).
 */
export function computeWorkloadHealth(options: {
  deployments: Deployment[];
  replicaSets: ReplicaSet[];
  statefulSets: StatefulSet[];
  daemonSets: DaemonSet[];
  pods: Pod[];
}): WorkloadHealthResult {
  const { deployments, replicaSets, statefulSets, daemonSets, pods } = options;
  const entries: Array<{
    kind: WorkloadKind;
    metadata: ObjectMeta;
    state: ReturnType<typeof deploymentState>;
  }> = [
    ...deployments.map(d => ({
      kind: 'Deployment' as const,
      metadata: d.metadata,
      state: deploymentState(d),
    })),
    ...statefulSets.map(s => ({
      kind: 'StatefulSet' as const,
      metadata: s.metadata,
      state: statefulSetState(s),
    })),
    ...daemonSets.map(d => ({
      kind: 'DaemonSet' as const,
      metadata: d.metadata,
      state: daemonSetState(d),
    })),
  ];

  const byKey = new Map<string, WorkloadHealth>();
  const workloads: WorkloadHealth[] = entries.map(
    ({ kind, metadata, state }) => {
      const workload: WorkloadHealth = {
        kind,
        namespace: metadata.namespace ?? 'default',
        name: metadata.name,
        ready: state.ready,
        desired: state.desired,
        rolloutInProgress: state.rolloutInProgress,
        restarts: 0,
        problems: [...state.problems],
      };
      byKey.set(key(kind, metadata.namespace, metadata.name), workload);
      return workload;
    },
  );

  const otherPodProblems: HealthProblem[] = [];
  for (const pod of pods) {
    const ownerKey = ownerWorkloadKey(pod, replicaSets);
    const workload = ownerKey ? byKey.get(ownerKey) : undefined;
    const problems = computePodProblems({ pod });
    if (workload) {
      workload.restarts += podRestarts(pod);
      workload.problems.push(...problems);
    } else {
      otherPodProblems.push(...problems);
    }
  }

  for (const workload of workloads) {
    if (workload.desired > 0 && workload.ready < workload.desired) {
      const podProblems = workload.problems.length > 0;
      workload.problems.unshift({
        severity: workload.ready === 0 ? 'error' : 'warning',
        message: `${workload.kind} ${workload.name} has ${workload.ready} of ${
          workload.desired
        } replicas ready${
          workload.rolloutInProgress ? ' (rollout in progress)' : ''
        }`,
        action: replicaShortfallAction(podProblems, workload.rolloutInProgress),
        object: describeObject(workload.kind, workload),
      });
    }
  }

  workloads.sort((a, b) =>
    `${a.namespace}/${a.kind}/${a.name}`.localeCompare(
      `${b.namespace}/${b.kind}/${b.name}`,
    ),
  );
  return { workloads, otherPodProblems };
}
