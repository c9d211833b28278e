import {
  autoscalerGroupMatchesPool,
  computeNodePools,
} from './computeNodePools';
import type { KarpenterNodePool, Node } from './kubernetesTypes';
import { parseClusterAutoscalerStatus } from './parseClusterAutoscalerStatus';
import {
  clusterAutoscalerStatusConfigMap,
  readListFixture,
} from './__testUtils__/fixtures';

const statusOf = (name: string) =>
  parseClusterAutoscalerStatus({
    text: clusterAutoscalerStatusConfigMap(name).data!.status,
  });

describe('computeNodePools', () => {
  it('groups EKS nodes by managed node group and Karpenter NodePool, with min/max from each autoscaler', () => {
    const result = computeNodePools({
      nodes: readListFixture<Node>('nodes-eks.json'),
      clusterAutoscalerStatus: statusOf('cluster-autoscaler-status.txt'),
      karpenterNodePools: readListFixture<KarpenterNodePool>(
        'karpenter-nodepools.json',
      ),
    });
    expect(result.nodesReady).toBe(4);
    expect(result.nodesTotal).toBe(4);
    expect(result.problems).toEqual([]);
    expect(result.nodePools).toEqual([
      {
        name: 'default',
        label: 'karpenter.sh/nodepool',
        nodesReady: 1,
        nodesTotal: 1,
        instanceTypes: ['c7g.xlarge'],
        autoscaler: 'karpenter',
        limits: { cpu: '1000', memory: '1000Gi' },
        usage: {
          cpu: '4',
          'ephemeral-storage': '20959212Ki',
          memory: '7833700Ki',
          nodes: '1',
          pods: '58',
        },
      },
      {
        name: 'workers',
        label: 'eks.amazonaws.com/nodegroup',
        nodesReady: 3,
        nodesTotal: 3,
        instanceTypes: ['m6i.large'],
        autoscaler: 'cluster-autoscaler',
        min: 2,
        max: 6,
        desired: 3,
      },
    ]);
  });

  it('reports GKE nodes that are not ready', () => {
    const result = computeNodePools({
      nodes: readListFixture<Node>('nodes-gke.json'),
    });
    expect(result.nodePools).toEqual([
      {
        name: 'default-pool',
        label: 'cloud.google.com/gke-nodepool',
        nodesReady: 1,
        nodesTotal: 2,
        instanceTypes: ['e2-standard-4'],
      },
    ]);
    expect(result.problems).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message:
          '1 of 2 nodes in pool default-pool are not ready: gke-prod-default-pool-8b2d4e6f-q9m4',
      }),
    ]);
  });

  it('matches AKS agent pools to their scale sets in the YAML status', () => {
    const result = computeNodePools({
      nodes: readListFixture<Node>('nodes-aks.json'),
      clusterAutoscalerStatus: statusOf('cluster-autoscaler-status.yaml'),
    });
    expect(
      result.nodePools.map(pool => [
        pool.name,
        pool.nodesTotal,
        pool.min,
        pool.max,
        pool.desired,
        pool.label,
      ]),
    ).toEqual([
      ['nodepool1', 1, 1, 3, 1, 'kubernetes.azure.com/agentpool'],
      ['userpool', 2, 2, 3, 3, 'kubernetes.azure.com/agentpool'],
    ]);
    expect(result.nodePools[1].instanceTypes).toEqual(['Standard_D8s_v5']);
  });

  it('prefers the skyforge.io/pool label', () => {
    const [node] = readListFixture<Node>('nodes-eks.json');
    node.metadata.labels!['skyforge.io/pool'] = 'application';
    expect(computeNodePools({ nodes: [node] }).nodePools[0]).toMatchObject({
      name: 'application',
      label: 'skyforge.io/pool',
    });
  });

  it('maps cloud node group ids to pool names', () => {
    expect(
      autoscalerGroupMatchesPool(
        'eks-workers-a2c6e84f-1b3d-5f7a-9c2e-4d6f8a0b2c4e',
        'workers',
      ),
    ).toBe(true);
    expect(
      autoscalerGroupMatchesPool(
        'eks-workers-a2c6e84f-1b3d-5f7a-9c2e-4d6f8a0b2c4e',
        'work',
      ),
    ).toBe(false);
    expect(
      autoscalerGroupMatchesPool('aks-userpool-51936284-vmss', 'userpool'),
    ).toBe(true);
    expect(
      autoscalerGroupMatchesPool(
        'https://www.googleapis.com/compute/v1/projects/acme/zones/us-central1-a/instanceGroups/gke-prod-default-pool-3f9a1c2e-grp',
        'default-pool',
      ),
    ).toBe(true);
    expect(
      autoscalerGroupMatchesPool('MachineDeployment/default/md-0', 'md-0'),
    ).toBe(true);
  });
});
