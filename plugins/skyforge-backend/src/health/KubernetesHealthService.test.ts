import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import {
  KubernetesApiDouble,
  type ServedObject,
} from '@skyforge/kubernetes-api-double';
import { DefaultKubernetesBackendAccessService } from '@skyforge/plugin-skyforge-node';
import { KubernetesHealthService } from './KubernetesHealthService';
import {
  clusterAutoscalerStatusConfigMap,
  readListFixture,
} from './__testUtils__/fixtures';
import {
  configCluster,
  fakeKubernetesBackendAccess,
  providedAccess,
} from './__testUtils__/fakeKubernetesBackendAccess';

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

const healthyObjects = (): ServedObject[] => [
  ...readListFixture('workloads-checkout.json'),
  ...readListFixture('workloads-kube-system.json'),
  ...readListFixture('nodes-eks.json'),
  ...readListFixture('karpenter-nodepools.json'),
  clusterAutoscalerStatusConfigMap('cluster-autoscaler-status.txt'),
];

describe('KubernetesHealthService (the Kubernetes backend services over local API doubles)', () => {
  const doubles: KubernetesApiDouble[] = [];
  const start = async (
    objects: ServedObject[],
    latencyMs?: number,
  ): Promise<KubernetesApiDouble> => {
    const double = await KubernetesApiDouble.start({ objects, latencyMs });
    doubles.push(double);
    return double;
  };
  afterEach(async () => {
    await Promise.all(doubles.splice(0).map(double => double.stop()));
  });

  function createService(
    access: DefaultKubernetesBackendAccessService,
    options: {
      now?: { value: number };
      clusterTimeoutMs?: number;
      cacheTtlMs?: number;
    } = {},
  ) {
    const now = options.now ?? { value: Date.parse('2025-11-24T10:00:00Z') };
    return KubernetesHealthService.create({
      access,
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
      ...(options.clusterTimeoutMs && {
        clusterTimeoutMs: options.clusterTimeoutMs,
      }),
      ...(options.cacheTtlMs !== undefined && {
        cacheTtlMs: options.cacheTtlMs,
      }),
    });
  }

  it("computes an entity's health from every cluster that holds its objects", async () => {
    const eks = await start(healthyObjects());
    const gke = await start(readListFixture('nodes-gke.json'));
    const { access, fetcher } = fakeKubernetesBackendAccess([
      configCluster('eks-prod', eks.url, 'EKS prod'),
      configCluster('gke-prod', gke.url),
    ]);
    const health = await createService(
      providedAccess(access),
    ).getWorkloadHealth({ entity });

    expect(health).toMatchObject({
      entityRef: 'component:default/checkout',
      view: 'workloads',
      status: 'healthy',
      generatedAt: '2025-11-24T10:00:00.000Z',
    });
    // gke-prod holds none of the entity's objects, so it is left out.
    expect(health.clusters.map(c => [c.name, c.title])).toEqual([
      ['eks-prod', 'EKS prod'],
    ]);
    const [cluster] = health.clusters;
    expect(
      cluster.workloads.map(w => `${w.name} ${w.ready}/${w.desired}`),
    ).toEqual(['checkout 3/3']);
    expect(cluster.nodePools.map(pool => pool.name)).toEqual([
      'default',
      'workers',
    ]);
    // Lists go through the Kubernetes backend's fetcher with the entity's selector and the
    // cluster's credential; add-ons through single GETs with the same credential.
    expect(fetcher.calls).toContain(
      'eks-prod /api/v1/pods?labelSelector=backstage.io%2Fkubernetes-id%3Dcheckout',
    );
    expect(eks.requests).toContain(
      '/apis/keda.sh/v1alpha1/scaledobjects?labelSelector=backstage.io%2Fkubernetes-id%3Dcheckout',
    );
    expect(eks.requests).toContain(
      '/api/v1/namespaces/kube-system/configmaps/cluster-autoscaler-status',
    );
  });

  it('turns an unreachable cluster and a slow cluster into per-cluster errors within the timeout', async () => {
    const eks = await start(healthyObjects());
    const slow = await start(healthyObjects(), 1500);
    const closed = await start([]);
    const closedUrl = closed.url;
    await closed.stop();
    doubles.splice(doubles.indexOf(closed), 1);
    const { access } = fakeKubernetesBackendAccess([
      configCluster('eks-prod', eks.url),
      configCluster('gone', closedUrl),
      configCluster('slow', slow.url),
    ]);
    const service = createService(providedAccess(access), {
      clusterTimeoutMs: 300,
    });
    const started = performance.now();
    const health = await service.getWorkloadHealth({ entity });
    expect(performance.now() - started).toBeLessThan(1200);
    expect(health.status).toBe('degraded');
    expect(health.clusters.map(c => [c.name, c.reachable])).toEqual([
      ['eks-prod', true],
      ['gone', false],
      ['slow', false],
    ]);
    expect(health.clusters[1].error).toMatch(/ECONNREFUSED/);
    expect(health.reasons).toContain(
      'Cluster slow is unreachable: timed out: no answer within 300 ms',
    );
  });

  it('coalesces concurrent requests and caches for the TTL of the injected clock', async () => {
    const eks = await start(healthyObjects(), 20);
    const { access } = fakeKubernetesBackendAccess([
      configCluster('eks-prod', eks.url),
    ]);
    const now = { value: 0 };
    const service = createService(providedAccess(access), { now });
    const [first, second] = await Promise.all([
      service.getWorkloadHealth({ entity }),
      service.getWorkloadHealth({ entity }),
    ]);
    expect(second).toBe(first);
    // Six workload kinds, KEDA, then nodes, the cluster autoscaler status and Karpenter.
    const perComputation = eks.requests.length;
    expect(perComputation).toBe(10);

    now.value += 4999;
    expect(await service.getWorkloadHealth({ entity })).toBe(first);
    expect(eks.requests).toHaveLength(perComputation);

    // Stale: answered at once with the last value while one recomputation runs.
    now.value += 2;
    expect(await service.getWorkloadHealth({ entity })).toBe(first);
    expect(await service.getWorkloadHealth({ entity })).toBe(first);
    await new Promise(resolve => setTimeout(resolve, 200));
    const refreshed = await service.getWorkloadHealth({ entity });
    expect(refreshed).not.toBe(first);
    expect(refreshed.generatedAt).toBe('1970-01-01T00:00:05.001Z');
    // Nodes, the cluster autoscaler status and Karpenter stay cached for 30 s per cluster.
    expect(eks.requests).toHaveLength(perComputation + 7);

    // Past the stale window, a request waits for a new computation.
    now.value += 10_001;
    const later = await service.getWorkloadHealth({ entity });
    expect(later).not.toBe(refreshed);
    expect(eks.requests).toHaveLength(perComputation + 14);
  });

  it("computes a cluster's own health: nodes, pools, autoscalers and kube-system workloads", async () => {
    const eks = await start(healthyObjects());
    const { access, fetcher } = fakeKubernetesBackendAccess([
      configCluster('payments-prod', eks.url, 'Payments prod'),
    ]);
    const service = createService(providedAccess(access));
    const health = await service.getClusterHealth({
      clusterName: 'payments-prod',
      entityRef: 'resource:default/payments-prod',
    });
    expect(health).toMatchObject({
      entityRef: 'resource:default/payments-prod',
      view: 'cluster',
      status: 'healthy',
    });
    const [cluster] = health.clusters;
    expect(cluster).toMatchObject({ nodesReady: 4, nodesTotal: 4 });
    expect(
      cluster.workloads.map(
        w => `${w.kind} ${w.namespace}/${w.name} ${w.ready}/${w.desired}`,
      ),
    ).toEqual([
      'DaemonSet kube-system/aws-node 4/4',
      'DaemonSet kube-system/ebs-csi-node 4/4',
      'DaemonSet kube-system/kube-proxy 4/4',
      'Deployment kube-system/cluster-autoscaler 1/1',
      'Deployment kube-system/coredns 2/2',
    ]);
    expect(cluster.scalers.map(s => `${s.kind}/${s.name}`)).toEqual([
      'ClusterAutoscaler/cluster-autoscaler',
      'NodePool/default',
      'NodePool/gpu',
    ]);
    expect(fetcher.calls).toContain(
      'payments-prod /apis/apps/v1/namespaces/kube-system/deployments',
    );
    // The fleet page asks for the same cluster without a Resource: one computation serves both.
    const requests = eks.requests.length;
    const again = await service.getClusterHealth({
      clusterName: 'payments-prod',
    });
    expect(again.clusters).toBe(health.clusters);
    expect(eks.requests).toHaveLength(requests);
  });

  it('says which cluster is missing, and why a client-side auth provider cannot be read', async () => {
    const { access } = fakeKubernetesBackendAccess([
      {
        name: 'gke-oidc',
        url: 'https://127.0.0.1:1',
        authMetadata: { 'kubernetes.io/auth-provider': 'google' },
      },
    ]);
    const service = createService(providedAccess(access));
    const missing = await service.getClusterHealth({
      clusterName: 'nope',
      entityRef: 'resource:default/nope',
    });
    expect(missing).toMatchObject({ status: 'unknown', clusters: [] });
    expect(missing.reasons[0]).toMatch(
      /^The Kubernetes backend has no cluster named 'nope'/,
    );
    const google = await service.getClusterHealth({ clusterName: 'gke-oidc' });
    expect(google.clusters[0].error).toMatch(
      /auth provider 'google' needs each viewer's own token/,
    );
    expect(await service.listClusters()).toEqual([
      { name: 'gke-oidc', cloud: 'gcp' },
    ]);
  });

  it("answers unknown, with the reason, when the Kubernetes backend's services are not there", async () => {
    const access = new DefaultKubernetesBackendAccessService();
    access.markStarted();
    const health = await createService(access).getWorkloadHealth({ entity });
    expect(health.status).toBe('unknown');
    expect(health.reasons[0]).toContain(
      '@skyforge/plugin-kubernetes-backend-module-skyforge',
    );
  });
});
