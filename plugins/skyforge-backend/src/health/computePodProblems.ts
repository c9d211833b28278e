import type { HealthProblem } from '@skyforge/plugin-skyforge-common';
import type { ContainerStatus, Pod } from './kubernetesTypes';
import { describeObject, findCondition } from './conditions';

/** Restarts of one container at or above which a running pod is reported. */
export const RESTART_WARNING_THRESHOLD = 3;

const IMAGE_PULL_REASONS = new Set([
  'ImagePullBackOff',
  'ErrImagePull',
  'InvalidImageName',
  'ErrImageNeverPull',
  'RegistryUnavailable',
]);

const CONFIG_ERROR_REASONS = new Set([
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);

/** Total container restarts of a pod, init containers included. */
export function podRestarts(pod: Pod): number {
  return allContainerStatuses(pod).reduce(
    (sum, status) => sum + (status.restartCount ?? 0),
    0,
  );
}

function allContainerStatuses(pod: Pod): ContainerStatus[] {
  return [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
  ];
}

function wasOomKilled(status: ContainerStatus): boolean {
  return (
    status.lastState?.terminated?.reason === 'OOMKilled' ||
    status.state?.terminated?.reason === 'OOMKilled'
  );
}

/**
 * What is wrong with one pod: crash loops, OOM kills, image pull errors, container config
 * errors, scheduling failures, evictions and repeated restarts, each with what to do about it.
 */
export function computePodProblems(options: { pod: Pod }): HealthProblem[] {
  const { pod } = options;
  const object = describeObject('Pod', pod.metadata);
  const name = pod.metadata.name;
  const problems: HealthProblem[] = [];

  const scheduled = findCondition(pod.status?.conditions, 'PodScheduled');
  if (
    pod.status?.phase === 'Pending' &&
    scheduled?.status === 'False' &&
    scheduled.reason === 'Unschedulable'
  ) {
    problems.push({
      severity: 'error',
      message: `Pod ${name} cannot be scheduled: ${
        scheduled.message ?? 'no node fits'
      }`,
      action:
        "Add capacity (raise the node pool maximum or check why the cluster autoscaler / Karpenter does not add nodes), or lower the pod's resource requests, or fix taints, node selectors and affinity that exclude the existing nodes.",
      object,
    });
  }

  if (pod.status?.phase === 'Failed') {
    problems.push({
      severity: 'error',
      message: `Pod ${name} failed${
        pod.status.reason ? ` (${pod.status.reason})` : ''
      }: ${pod.status.message ?? 'no message'}`,
      action:
        pod.status.reason === 'Evicted'
          ? "The node ran short of a resource: set requests that match real usage, and check the node's disk and memory pressure."
          : "Read the pod's events and its containers' last logs (`kubectl describe pod`, `kubectl logs --previous`).",
      object,
    });
  }

  for (const status of allContainerStatuses(pod)) {
    const waitingReason = status.state?.waiting?.reason;
    const restarts = status.restartCount ?? 0;
    const oom = wasOomKilled(status);
    if (waitingReason === 'CrashLoopBackOff') {
      const lastExit = status.lastState?.terminated;
      const exitText = lastExit
        ? ` (last exit: ${lastExit.reason ?? 'Error'}${
            lastExit.exitCode !== undefined ? `, code ${lastExit.exitCode}` : ''
          })`
        : '';
      problems.push({
        severity: 'error',
        message: `Container ${status.name} of pod ${name} is in CrashLoopBackOff after ${restarts} restarts${exitText}`,
        action: oom
          ? 'The container is killed for exceeding its memory limit: raise `resources.limits.memory` or reduce the memory the process uses.'
          : "Read the crashed container's logs (`kubectl logs --previous`) and fix the start-up error; check its configuration, secrets and probes.",
        object,
      });
      continue;
    }
    if (oom) {
      problems.push({
        severity: 'error',
        message: `Container ${status.name} of pod ${name} was OOMKilled (${restarts} restarts)`,
        action:
          'Raise `resources.limits.memory` (and the request) or reduce the memory the process uses.',
        object,
      });
      continue;
    }
    if (waitingReason && IMAGE_PULL_REASONS.has(waitingReason)) {
      problems.push({
        severity: 'error',
        message: `Container ${status.name} of pod ${name} cannot pull image${
          status.image ? ` ${status.image}` : ''
        } (${waitingReason}): ${
          status.state?.waiting?.message ?? 'no message'
        }`,
        action:
          "Check that the image name and tag exist in the registry, and that the pod can authenticate to it (imagePullSecrets or the node / workload identity's registry permissions).",
        object,
      });
      continue;
    }
    if (waitingReason && CONFIG_ERROR_REASONS.has(waitingReason)) {
      problems.push({
        severity: 'error',
        message: `Container ${
          status.name
        } of pod ${name} cannot start (${waitingReason}): ${
          status.state?.waiting?.message ?? 'no message'
        }`,
        action:
          'Create the ConfigMaps, Secrets and volumes the container refers to, or fix the references.',
        object,
      });
      continue;
    }
    if (restarts >= RESTART_WARNING_THRESHOLD) {
      const reason = status.lastState?.terminated?.reason;
      problems.push({
        severity: 'warning',
        message: `Container ${
          status.name
        } of pod ${name} restarted ${restarts} times${
          reason ? ` (last: ${reason})` : ''
        }`,
        action:
          "Read the previous container's logs (`kubectl logs --previous`) and check the liveness probe.",
        object,
      });
    }
  }
  return problems;
}
