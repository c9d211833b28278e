import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { KubernetesHealthService } from './KubernetesHealthService';
import type {
  KubernetesBackendClient,
  WorkloadQueryResponse,
} from './KubernetesBackendClient';
import { clusterObjectPaths } from './fetchClusterObjects';
import {
  clusterAutoscalerStatusConfigMap,
  readListFixture,
} from './__testUtils__/fixtures';
import {
  matchesLabelSelector,
  type ServedObject,
} from './__testUtils__/KubernetesApiDouble';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'checkout' },
  },
  spec: {
    type: 'service',
    owner: 'group:default/storefront',
    lifecycle: 'production',
  },
};

/** Answers like the Kubernetes backend's proxy would, from fixtures, with per-cluster delays. */
class FixtureClient implements KubernetesBackendClient {
  calls = 0;
  constructor(
    private readonly clusters: Record<
      string,
      { objects: ServedObject[]; delayMs?: number; error?: Error }
    >,
  ) {}

  async queryWorkloads() {
    this.calls += 1;
    // Like the Kubernetes backend, answers once the slowest cluster has.
    const slowest = Math.max(
      0,
      ...Object.values(this.clusters).map(cluster => cluster.delayMs ?? 0),
    );
    await new Promise(resolve => setTimeout(resolve, slowest));
    const selector = 'backstage.io/kubernetes-id=checkout';
    const types = {
      pods: 'Pod',
      deployments: 'Deployment',
      replicasets: 'ReplicaSet',
      horizontalpodautoscalers: 'HorizontalPodAutoscaler',
    };
    return {
      items: Object.entries(this.clusters).flatMap(
        ([name, cluster]): WorkloadQueryResponse['items'] => {
          if (cluster.error) {
            return [
              {
                cluster: { name },
                resources: [],
                errors: [
                  {
                    errorType: 'SYSTEM_ERROR',
                    statusCode: 503,
                    resourcePath: '/api/v1/pods',
                  },
                ],
              },
            ];
          }
          const resources = Object.entries(types).map(([type, kind]) => ({
            type,
            resources: cluster.objects.filter(
              o =>
                o.kind === kind &&
                matchesLabelSelector(o.metadata.labels, selector),
            ),
          }));
          return resources.some(r => r.resources.length > 0)
            ? [{ cluster: { name }, resources, errors: [] }]
            : [];
        },
      ),
    };
  }

  async listClusters() {
    return Object.keys(this.clusters).map(name => ({ name }));
  }

  async get<T>(options: {
    cluster: string;
    path: string;
    signal?: AbortSignal;
  }): Promise<T | undefined> {
    this.calls += 1;
    const cluster = this.clusters[options.cluster];
    if (cluster.delayMs) {
      await new Promise(resolve => setTimeout(resolve, cluster.delayMs));
    }
    if (cluster.error) throw cluster.error;
    const paths = clusterObjectPaths({
      labelSelector: 'backstage.io/kubernetes-id=checkout',
    });
    const [base, query] = options.path.split('?');
    const selector = new URLSearchParams(query ?? '').get('labelSelector');
    const kind = Object.entries({
      Pod: paths.pods,
      Deployment: paths.deployments,
      ReplicaSet: paths.replicaSets,
      StatefulSet: paths.statefulSets,
      DaemonSet: paths.daemonSets,
      HorizontalPodAutoscaler: paths.horizontalPodAutoscalers,
      Node: paths.nodes,
      ScaledObject: paths.scaledObjects,
      NodePool: paths.karpenterNodePools,
    }).find(([, path]) => path.split('?')[0] === base)?.[0];
    if (base === paths.clusterAutoscalerStatus) {
      return cluster.objects.find(o => o.kind === 'ConfigMap') as T | undefined;
    }
    if (!kind || kind === 'ScaledObject' || kind === 'NodePool')
      return undefined;
    return {
      items: cluster.objects.filter(
        o =>
          o.kind === kind && matchesLabelSelector(o.metadata.labels, selector),
      ),
    } as T;
  }
}

const healthyObjects = () => [
  ...readListFixture('workloads-checkout.json'),
  ...readListFixture('nodes-eks.json'),
  clusterAutoscalerStatusConfigMap('cluster-autoscaler-status.txt'),
];

function createService(
  client: KubernetesBackendClient,
  now: { value: number },
  options: { clusterTimeoutMs?: number } = {},
) {
  return KubernetesHealthService.create({
    discovery: mockServices.discovery(),
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
    config: mockServices.rootConfig({
      data: {
        skyforge: {
          health: { cacheTtl: '5s', clusterTimeout: { seconds: 2 } },
        },
      },
    }),
    clock: { now: () => new Date(now.value) },
    client,
    ...options,
  });
}

describe('KubernetesHealthService', () => {
  const credentials = mockCredentials.user();

  it('computes health from every cluster, leaving out clusters without the entity', async () => {
    const client = new FixtureClient({
      'eks-prod': { objects: healthyObjects() },
      'gke-prod': { objects: readListFixture('nodes-gke.json') },
    });
    const now = { value: Date.parse('2025-11-24T10:00:00Z') };
    const health = await createService(client, now).getEntityHealth({
      entity,
      credentials,
    });
    expect(health).toMatchObject({
      entityRef: 'component:default/checkout',
      status: 'healthy',
      generatedAt: '2025-11-24T10:00:00.000Z',
    });
    expect(health.clusters.map(c => c.name)).toEqual(['eks-prod']);
  });

  it('takes workloads from the workload query and reports a cluster it could not read', async () => {
    const client = new FixtureClient({
      'eks-prod': { objects: healthyObjects() },
      broken: {
        objects: [],
        error: new Error('unused: the query reports the error'),
      },
    });
    const health = await createService(client, { value: 0 }).getEntityHealth({
      entity,
      credentials,
    });
    expect(health.clusters.map(c => [c.name, c.reachable, c.error])).toEqual([
      ['eks-prod', true, undefined],
      ['broken', false, 'SYSTEM_ERROR 503 for /api/v1/pods'],
    ]);
    expect(
      health.clusters[0].workloads.map(
        w => `${w.name} ${w.ready}/${w.desired}`,
      ),
    ).toEqual(['checkout 3/3']);
  });

  it('turns a failing cluster and a slow cluster into per-cluster errors within the timeout', async () => {
    const client = new FixtureClient({
      'eks-prod': { objects: healthyObjects() },
      broken: {
        objects: [],
        error: new Error('503 for /api/v1/pods: service unavailable'),
      },
      slow: { objects: healthyObjects(), delayMs: 1500 },
    });
    const service = createService(
      client,
      { value: 0 },
      { clusterTimeoutMs: 200 },
    );
    const started = performance.now();
    const health = await service.getEntityHealth({ entity, credentials });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(health.status).toBe('degraded');
    expect(health.clusters.map(c => [c.name, c.reachable, c.error])).toEqual([
      ['eks-prod', true, undefined],
      ['broken', false, '503 for /api/v1/pods: service unavailable'],
      ['slow', false, 'timed out: no answer within 200 ms'],
    ]);
  });

  it('coalesces concurrent requests and caches for the TTL of the injected clock', async () => {
    const client = new FixtureClient({
      'eks-prod': { objects: healthyObjects(), delayMs: 20 },
    });
    const now = { value: 0 };
    const service = createService(client, now);
    const [first, second] = await Promise.all([
      service.getEntityHealth({ entity, credentials }),
      service.getEntityHealth({ entity, credentials }),
    ]);
    expect(second).toBe(first);
    const callsPerComputation = client.calls;
    // The workload query, then nodes, KEDA, the cluster autoscaler and Karpenter through the proxy.
    expect(callsPerComputation).toBe(5);

    now.value += 4999;
    expect(await service.getEntityHealth({ entity, credentials })).toBe(first);
    expect(client.calls).toBe(callsPerComputation);

    now.value += 2;
    const third = await service.getEntityHealth({ entity, credentials });
    expect(third).not.toBe(first);
    // Nodes, the cluster autoscaler status and Karpenter NodePools stay cached for 30 s per cluster.
    expect(client.calls).toBe(callsPerComputation + 2);

    now.value += 30_000;
    await service.getEntityHealth({ entity, credentials });
    expect(client.calls).toBe(2 * callsPerComputation + 2);
  });
});
