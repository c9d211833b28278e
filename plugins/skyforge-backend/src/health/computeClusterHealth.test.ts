import {
  computeClusterHealth,
  unreachableClusterHealth,
} from './computeClusterHealth';
import { computeEntityHealth } from './computeEntityHealth';
import type { KarpenterNodePool } from './kubernetesTypes';
import {
  clusterAutoscalerStatusConfigMap,
  readListFixture,
  toClusterObjects,
} from './__testUtils__/fixtures';

const eksObjects = (workloads: string) =>
  toClusterObjects(
    [...readListFixture(workloads), ...readListFixture('nodes-eks.json')],
    {
      clusterAutoscalerStatus: clusterAutoscalerStatusConfigMap(
        'cluster-autoscaler-status.txt',
      ),
      karpenterNodePools: readListFixture<KarpenterNodePool>(
        'karpenter-nodepools.json',
      ),
    },
  );

describe('computeClusterHealth', () => {
  it('is healthy for the healthy checkout service', () => {
    const cluster = computeClusterHealth({
      name: 'eks-prod',
      title: 'EKS prod',
      objects: eksObjects('workloads-checkout.json'),
    });
    expect(cluster).toMatchObject({
      name: 'eks-prod',
      title: 'EKS prod',
      reachable: true,
      status: 'healthy',
      nodesReady: 4,
      nodesTotal: 4,
    });
    expect(cluster.problems).toEqual([]);
    expect(cluster.workloads).toEqual([
      expect.objectContaining({
        kind: 'Deployment',
        name: 'checkout',
        ready: 3,
        desired: 3,
        restarts: 1,
        rolloutInProgress: false,
      }),
    ]);
    expect(cluster.scalers.map(s => `${s.kind}/${s.name}`)).toEqual([
      'ClusterAutoscaler/cluster-autoscaler',
      'NodePool/default',
      'NodePool/gpu',
    ]);
  });

  it('is unhealthy when a workload has no ready replica, errors first', () => {
    const cluster = computeClusterHealth({
      name: 'eks-prod',
      objects: eksObjects('workloads-payments.json'),
    });
    expect(cluster.status).toBe('unhealthy');
    expect(cluster.autoscalers.map(a => [a.name, a.atMax])).toEqual([
      ['payments-api', true],
      ['keda-hpa-payments-worker', false],
      ['payments-cache', false],
    ]);
    const severities = cluster.problems.map(p => p.severity);
    expect(severities.indexOf('warning')).toBeGreaterThan(
      severities.lastIndexOf('error'),
    );
    expect(cluster.problems.every(p => p.action)).toBe(true);
  });

  it('is degraded when the only trouble is a node that is not ready', () => {
    const objects = toClusterObjects([
      ...readListFixture('workloads-checkout.json'),
      ...readListFixture('nodes-gke.json'),
    ]);
    const cluster = computeClusterHealth({ name: 'gke-prod', objects });
    expect(cluster.status).toBe('degraded');
    expect(cluster.nodesReady).toBe(1);
    expect(cluster.nodesTotal).toBe(2);
  });
});

describe('computeEntityHealth', () => {
  const generatedAt = '2025-11-24T10:00:00.000Z';
  const healthy = computeClusterHealth({
    name: 'eks-prod',
    objects: eksObjects('workloads-checkout.json'),
  });

  it('rolls up the worst cluster and lists reasons', () => {
    const unhealthy = computeClusterHealth({
      name: 'eks-dr',
      objects: eksObjects('workloads-payments.json'),
    });
    const result = computeEntityHealth({
      entityRef: 'component:default/payments-api',
      clusters: [healthy, unhealthy],
      generatedAt,
    });
    expect(result.status).toBe('unhealthy');
    expect(result.reasons[0]).toMatch(/^eks-dr: /);
    expect(result.reasons.length).toBeLessThanOrEqual(11);
    expect(result.generatedAt).toBe(generatedAt);
  });

  it('is degraded when one cluster cannot be read and the others are healthy', () => {
    const result = computeEntityHealth({
      entityRef: 'component:default/checkout',
      clusters: [
        healthy,
        unreachableClusterHealth({
          name: 'gke-prod',
          error: 'timed out: no answer within 1000 ms',
        }),
      ],
      generatedAt,
    });
    expect(result.status).toBe('degraded');
    expect(result.reasons).toEqual([
      'Cluster gke-prod is unreachable: timed out: no answer within 1000 ms',
    ]);
  });

  it('is unknown when no cluster holds the entity or none can be read', () => {
    expect(
      computeEntityHealth({
        entityRef: 'component:default/x',
        clusters: [],
        generatedAt,
        selector: 'backstage.io/kubernetes-id=x',
      }),
    ).toMatchObject({
      status: 'unknown',
      reasons: [
        'No Kubernetes objects found for backstage.io/kubernetes-id=x in any cluster',
      ],
    });
    expect(
      computeEntityHealth({
        entityRef: 'component:default/x',
        clusters: [
          unreachableClusterHealth({ name: 'a', error: 'ECONNREFUSED' }),
        ],
        generatedAt,
      }).status,
    ).toBe('unknown');
  });
});
