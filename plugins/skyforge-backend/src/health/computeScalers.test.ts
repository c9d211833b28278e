import {
  computeClusterAutoscalerHealth,
  computeKarpenterNodePoolHealth,
  computeScaledObjectHealth,
  parseQuantity,
} from './computeScalers';
import type { KarpenterNodePool } from './kubernetesTypes';
import { parseClusterAutoscalerStatus } from './parseClusterAutoscalerStatus';
import {
  clusterAutoscalerStatusConfigMap,
  readListFixture,
  toClusterObjects,
} from './__testUtils__/fixtures';

describe('computeScalers', () => {
  it('summarises a KEDA ScaledObject and reports it not ready and failing', () => {
    const [scaledObject] = toClusterObjects(
      readListFixture('workloads-payments.json'),
    ).scaledObjects!;
    const { scalers, problems } = computeScaledObjectHealth({ scaledObject });
    expect(scalers).toEqual([
      {
        kind: 'ScaledObject',
        namespace: 'payments',
        name: 'payments-worker',
        summary:
          'rabbitmq → Deployment/payments-worker, 1–20 replicas; Ready=False, Active=False, Fallback=False, Paused=False',
        status: 'unhealthy',
      },
    ]);
    expect(problems.map(p => p.severity)).toEqual(['error', 'warning']);
    expect(problems[1].message).toBe(
      'KEDA metric s0-rabbitmq-payments-settlement of ScaledObject payments-worker failed 9 times in a row',
    );
  });

  it('reports a node group backing off and one at its maximum while pods are pending', () => {
    const status = parseClusterAutoscalerStatus({
      text: clusterAutoscalerStatusConfigMap('cluster-autoscaler-status.yaml')
        .data!.status,
    });
    const { scalers, problems } = computeClusterAutoscalerHealth({
      status,
      unschedulablePods: 1,
    });
    expect(scalers[0]).toMatchObject({
      kind: 'ClusterAutoscaler',
      status: 'degraded',
    });
    expect(scalers[0].summary).toBe(
      'Running; cluster Healthy; scale-up InProgress; scale-down NoCandidates; node groups: aks-nodepool1-28417563-vmss 1 (1–3), aks-userpool-51936284-vmss 3 (2–3)',
    );
    expect(problems.map(p => p.message)).toEqual([
      'The cluster autoscaler is backing off from scaling up node group aks-userpool-51936284-vmss after failed attempts',
      'Node group aks-userpool-51936284-vmss is at its maximum of 3 nodes while 1 pods cannot be scheduled',
    ]);
    expect(
      computeClusterAutoscalerHealth({ status, unschedulablePods: 0 }).problems,
    ).toHaveLength(1);
  });

  it('is healthy for the healthy text-format status', () => {
    const status = parseClusterAutoscalerStatus({
      text: clusterAutoscalerStatusConfigMap('cluster-autoscaler-status.txt')
        .data!.status,
    });
    const result = computeClusterAutoscalerHealth({
      status,
      unschedulablePods: 0,
    });
    expect(result.problems).toEqual([]);
    expect(result.scalers[0].status).toBe('healthy');
  });

  it('reports a Karpenter NodePool at its limit', () => {
    const [, gpu] = readListFixture<KarpenterNodePool>(
      'karpenter-nodepools.json',
    );
    expect(computeKarpenterNodePoolHealth({ nodePool: gpu }).problems).toEqual(
      [],
    );
    gpu.status!.resources = { cpu: '16', 'nvidia.com/gpu': '2', nodes: '2' };
    const { scalers, problems } = computeKarpenterNodePoolHealth({
      nodePool: gpu,
    });
    expect(scalers[0]).toEqual({
      kind: 'NodePool',
      name: 'gpu',
      summary: 'limits: cpu 16 of 16, nvidia.com/gpu 2 of 2; Ready=True',
      status: 'degraded',
    });
    expect(problems.map(p => p.message)).toEqual([
      'Karpenter NodePool gpu has reached its cpu limit (16 of 16); it launches no more nodes',
      'Karpenter NodePool gpu has reached its nvidia.com/gpu limit (2 of 2); it launches no more nodes',
    ]);
  });

  it('parses resource quantities', () => {
    expect(parseQuantity('1000Gi')).toBe(1000 * 2 ** 30);
    expect(parseQuantity('7833700Ki')).toBe(7833700 * 1024);
    expect(parseQuantity('500m')).toBe(0.5);
    expect(parseQuantity('2k')).toBe(2000);
    expect(parseQuantity('abc')).toBeUndefined();
  });
});
