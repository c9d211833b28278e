import { computeWorkloadHealth } from './computeWorkloadHealth';
import { computePodProblems } from './computePodProblems';
import type { Pod } from './kubernetesTypes';
import { readListFixture, toClusterObjects } from './__testUtils__/fixtures';

const payments = () =>
  toClusterObjects(readListFixture('workloads-payments.json'));
const pod = (name: string) =>
  payments().pods.find(candidate => candidate.metadata.name === name) as Pod;

describe('computePodProblems', () => {
  it('reports CrashLoopBackOff with the last exit', () => {
    expect(
      computePodProblems({ pod: pod('payments-worker-6c8f9d7b54-kq7ws') }),
    ).toEqual([
      expect.objectContaining({
        severity: 'error',
        message:
          'Container app of pod payments-worker-6c8f9d7b54-kq7ws is in CrashLoopBackOff after 27 restarts (last exit: Error, code 1)',
        object: 'Pod payments/payments-worker-6c8f9d7b54-kq7ws',
      }),
    ]);
  });

  it('reports OOMKilled and says to raise the memory limit', () => {
    const [problem] = computePodProblems({
      pod: pod('payments-api-7d9f8b6c5d-m8wtn'),
    });
    expect(problem.message).toBe(
      'Container app of pod payments-api-7d9f8b6c5d-m8wtn was OOMKilled (4 restarts)',
    );
    expect(problem.action).toContain('resources.limits.memory');
  });

  it('reports image pull errors with the image', () => {
    const [problem] = computePodProblems({
      pod: pod('payments-api-5f6b7c8d9e-b7lsd'),
    });
    expect(problem.severity).toBe('error');
    expect(problem.message).toContain(
      'cannot pull image 123456789012.dkr.ecr.us-east-1.amazonaws.com/payments-api:1.42.0 (ImagePullBackOff)',
    );
  });

  it('reports pods that cannot be scheduled with the scheduler message', () => {
    const [problem] = computePodProblems({
      pod: pod('payments-api-5f6b7c8d9e-t9qpj'),
    });
    expect(problem.message).toBe(
      'Pod payments-api-5f6b7c8d9e-t9qpj cannot be scheduled: 0/4 nodes are available: 4 Insufficient cpu. preemption: 0/4 nodes are available: 4 No preemption victims found for incoming pod.',
    );
    expect(problem.action).toMatch(/node pool maximum/);
  });

  it('finds nothing wrong with a healthy running pod', () => {
    expect(
      computePodProblems({ pod: pod('payments-api-7d9f8b6c5d-x4kzq') }),
    ).toEqual([]);
  });
});

describe('computeWorkloadHealth', () => {
  it('attributes pods to their workloads and computes readiness and rollouts', () => {
    const { workloads, otherPodProblems } = computeWorkloadHealth(payments());
    expect(otherPodProblems).toEqual([]);
    expect(
      workloads.map(w => ({
        kind: w.kind,
        name: w.name,
        ready: w.ready,
        desired: w.desired,
        rollout: w.rolloutInProgress,
        restarts: w.restarts,
      })),
    ).toEqual([
      {
        kind: 'DaemonSet',
        name: 'payments-log-agent',
        ready: 3,
        desired: 3,
        rollout: false,
        restarts: 0,
      },
      {
        kind: 'Deployment',
        name: 'payments-api',
        ready: 3,
        desired: 4,
        rollout: true,
        restarts: 4,
      },
      {
        kind: 'Deployment',
        name: 'payments-worker',
        ready: 0,
        desired: 1,
        rollout: false,
        restarts: 27,
      },
      {
        kind: 'StatefulSet',
        name: 'payments-cache',
        ready: 3,
        desired: 3,
        rollout: false,
        restarts: 0,
      },
    ]);
    const api = workloads.find(w => w.name === 'payments-api')!;
    expect(api.problems.map(p => p.severity)).toEqual([
      'warning',
      'error',
      'error',
      'error',
    ]);
    expect(api.problems[0].message).toBe(
      'Deployment payments-api has 3 of 4 replicas ready (rollout in progress)',
    );
    expect(api.problems.slice(1).map(p => p.object)).toEqual([
      'Pod payments/payments-api-7d9f8b6c5d-m8wtn',
      'Pod payments/payments-api-5f6b7c8d9e-b7lsd',
      'Pod payments/payments-api-5f6b7c8d9e-t9qpj',
    ]);
    const worker = workloads.find(w => w.name === 'payments-worker')!;
    expect(worker.problems[0]).toMatchObject({
      severity: 'error',
      message: 'Deployment payments-worker has 0 of 1 replicas ready',
    });
  });

  it('reports a rollout stuck past its progress deadline', () => {
    const objects = payments();
    const deployment = objects.deployments.find(
      d => d.metadata.name === 'payments-api',
    )!;
    deployment.status!.conditions = [
      {
        type: 'Progressing',
        status: 'False',
        reason: 'ProgressDeadlineExceeded',
        message:
          'ReplicaSet "payments-api-5f6b7c8d9e" has timed out progressing.',
      },
    ];
    const api = computeWorkloadHealth(objects).workloads.find(
      w => w.name === 'payments-api',
    )!;
    expect(api.problems.map(p => p.message)).toContain(
      'Rollout of Deployment payments-api is stuck: ReplicaSet "payments-api-5f6b7c8d9e" has timed out progressing.',
    );
  });

  it('keeps problems of pods without a known workload', () => {
    const objects = payments();
    const { otherPodProblems, workloads } = computeWorkloadHealth({
      ...objects,
      deployments: [],
    });
    expect(workloads.map(w => w.kind)).toEqual(['DaemonSet', 'StatefulSet']);
    expect(otherPodProblems).toHaveLength(4);
  });
});
