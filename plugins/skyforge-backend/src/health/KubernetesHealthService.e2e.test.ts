import type { Entity } from '@backstage/catalog-model';
import type {
  EntityHealthResponse,
  FleetCluster,
  FleetResponse,
} from '@skyforge/plugin-skyforge-common';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  clusterAutoscalerStatusConfigMap,
  KubernetesApiDouble,
  readListFixture,
} from '@skyforge/kubernetes-api-double';
import {
  startHealthTestBackend,
  type HealthTestBackend,
} from './__testUtils__/startHealthTestBackend';

jest.setTimeout(120_000);

const CLUSTER_TIMEOUT_MS = 1500;

const entities: Entity[] = [
  {
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
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'payments',
      namespace: 'default',
      annotations: {
        'backstage.io/kubernetes-label-selector':
          'app.kubernetes.io/part-of=payments',
        'backstage.io/kubernetes-namespace': 'payments',
      },
    },
    spec: {
      type: 'service',
      owner: 'group:default/payments',
      lifecycle: 'production',
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'eks-prod-cluster',
      namespace: 'default',
      title: 'EKS prod',
      // The configured cluster's name differs from the Resource's.
      annotations: {
        'backstage.io/kubernetes-cluster': 'eks-prod',
        'skyforge.io/cloud': 'aws',
        'skyforge.io/region': 'us-east-1',
      },
    },
    spec: { type: 'kubernetes-cluster', owner: 'group:default/platform' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'storefront', namespace: 'default' },
    spec: { owner: 'group:default/storefront' },
    relations: [
      { type: 'hasPart', targetRef: 'component:default/checkout' },
      { type: 'hasPart', targetRef: 'component:default/payments' },
      { type: 'hasPart', targetRef: 'resource:default/eks-prod-cluster' },
    ],
  },
];

const execFileAsync = promisify(execFile);

interface JsonResponse {
  status: number;
  body: any;
}

describe('KubernetesHealthService end to end', () => {
  let eks: KubernetesApiDouble;
  let gke: KubernetesApiDouble;
  let backend: HealthTestBackend;
  let kubeconfigDir: string;

  const get = async (url: string): Promise<JsonResponse> => {
    const response = await fetch(`${backend.baseUrl}${url}`, {
      headers: { Authorization: `Bearer ${backend.token}` },
    });
    return { status: response.status, body: await response.json() };
  };

  beforeAll(async () => {
    eks = await KubernetesApiDouble.start({
      objects: [
        ...readListFixture('nodes-eks.json'),
        ...readListFixture('workloads-checkout.json'),
        ...readListFixture('workloads-payments.json'),
        ...readListFixture('karpenter-nodepools.json'),
        clusterAutoscalerStatusConfigMap('cluster-autoscaler-status.txt'),
      ],
    });
    // The second cluster holds the same services but answers only after the timeout.
    gke = await KubernetesApiDouble.start({
      objects: [
        ...readListFixture('nodes-gke.json'),
        ...readListFixture('workloads-checkout.json'),
      ],
      latencyMs: 3 * CLUSTER_TIMEOUT_MS,
    });
    kubeconfigDir = fs.mkdtempSync(
      path.join(os.tmpdir(), 'skyforge-kubeconfig-'),
    );

    const cluster = (name: string, url: string) => ({
      name,
      title: name.toUpperCase(),
      url,
      authProvider: 'serviceAccount',
      serviceAccountToken: `token-for-${name}`,
      skipTLSVerify: true,
      skipMetricsLookup: true,
    });
    backend = await startHealthTestBackend({
      entities,
      config: {
        kubernetes: {
          serviceLocatorMethod: { type: 'multiTenant' },
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                cluster('eks-prod', eks.url),
                cluster('gke-prod', gke.url),
              ],
            },
          ],
        },
        skyforge: {
          health: {
            clusterTimeout: { milliseconds: CLUSTER_TIMEOUT_MS },
            cacheTtl: { seconds: 5 },
          },
        },
      },
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await eks?.stop();
    await gke?.stop();
    fs.rmSync(kubeconfigDir, { recursive: true, force: true });
  });

  it('computes health against a local Kubernetes API double serving recorded objects', async () => {
    // The double is a believable API server: kubectl discovers it and lists the recorded objects.
    const { stdout } = await execFileAsync(
      'kubectl',
      [
        '--server',
        eks.url,
        '--token',
        'x',
        '--insecure-skip-tls-verify',
        'get',
        'pods,deploy,hpa,nodes',
        '-A',
      ],
      {
        env: { ...process.env, KUBECONFIG: path.join(kubeconfigDir, 'config') },
        timeout: 20_000,
      },
    );
    expect(stdout).toContain('pod/checkout-84c6b9f7d5-7hq2x');
    expect(stdout).toContain('deployment.apps/payments-api');
    expect(stdout).toContain('horizontalpodautoscaler.autoscaling/checkout');
    expect(stdout).toContain('node/ip-10-0-2-201.ec2.internal');
    const { stdout: selected } = await execFileAsync(
      'kubectl',
      [
        '--server',
        eks.url,
        '--token',
        'x',
        'get',
        'pods',
        '-A',
        '-l',
        'backstage.io/kubernetes-id=checkout',
        '-o',
        'name',
      ],
      {
        env: { ...process.env, KUBECONFIG: path.join(kubeconfigDir, 'config') },
        timeout: 20_000,
      },
    );
    expect(selected.trim().split('\n')).toEqual([
      'pod/checkout-84c6b9f7d5-7hq2x',
      'pod/checkout-84c6b9f7d5-cz5nm',
      'pod/checkout-84c6b9f7d5-w3lfk',
    ]);

    // Load the Kubernetes backend's proxy once (its first request imports @kubernetes/client-node),
    // so that the timing below measures the health endpoint, not module loading.
    const warmUp = await fetch(
      `${backend.baseUrl}/api/kubernetes/proxy/version`,
      {
        headers: {
          Authorization: `Bearer ${backend.token}`,
          'Backstage-Kubernetes-Cluster': 'eks-prod',
        },
      },
    );
    expect(warmUp.status).toBe(200);

    const started = performance.now();
    const response = await get(
      '/api/skyforge/v1/entities/default/component/checkout/health',
    );
    const elapsed = performance.now() - started;
    expect(response.status).toBe(200);
    expect(elapsed).toBeLessThan(CLUSTER_TIMEOUT_MS + 1000);

    const health: EntityHealthResponse = response.body;
    expect(health.entityRef).toBe('component:default/checkout');
    expect(health.status).toBe('degraded');
    expect(health.reasons).toEqual([
      `Cluster gke-prod is unreachable: timed out: no answer within ${CLUSTER_TIMEOUT_MS} ms`,
    ]);
    const [eksHealth, gkeHealth] = health.clusters;
    expect(gkeHealth).toMatchObject({
      name: 'gke-prod',
      title: 'GKE-PROD',
      reachable: false,
      status: 'unknown',
    });
    expect(eksHealth).toMatchObject({
      name: 'eks-prod',
      title: 'EKS-PROD',
      reachable: true,
      status: 'healthy',
      nodesReady: 4,
      nodesTotal: 4,
      problems: [],
    });
    expect(
      eksHealth.nodePools.map(pool => [
        pool.name,
        pool.nodesTotal,
        pool.min,
        pool.max,
        pool.autoscaler,
      ]),
    ).toEqual([
      ['default', 1, undefined, undefined, 'karpenter'],
      ['workers', 3, 2, 6, 'cluster-autoscaler'],
    ]);
    expect(eksHealth.workloads).toEqual([
      expect.objectContaining({
        kind: 'Deployment',
        namespace: 'storefront',
        name: 'checkout',
        ready: 3,
        desired: 3,
      }),
    ]);
    expect(eksHealth.autoscalers).toEqual([
      expect.objectContaining({
        name: 'checkout',
        minReplicas: 3,
        maxReplicas: 10,
        atMax: false,
      }),
    ]);

    // Every request reached the API through the Kubernetes backend with the configured token.
    expect(eks.requests).toContain(
      '/api/v1/pods?labelSelector=backstage.io%2Fkubernetes-id%3Dcheckout',
    );
    expect(eks.requests).toContain(
      '/api/v1/namespaces/kube-system/configmaps/cluster-autoscaler-status',
    );
  });

  it('reports the problems of a component selected by label in its namespace', async () => {
    const response = await get(
      '/api/skyforge/v1/entities/default/component/payments/health',
    );
    expect(response.status).toBe(200);
    const health: EntityHealthResponse = response.body;
    expect(health.status).toBe('unhealthy');
    const [eksHealth] = health.clusters;
    expect(
      eksHealth.workloads.map(
        w => `${w.kind}/${w.name} ${w.ready}/${w.desired}`,
      ),
    ).toEqual([
      'DaemonSet/payments-log-agent 3/3',
      'Deployment/payments-api 3/4',
      'Deployment/payments-worker 0/1',
      'StatefulSet/payments-cache 3/3',
    ]);
    const messages = eksHealth.problems.map(p => p.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining('is in CrashLoopBackOff'),
        expect.stringContaining('was OOMKilled'),
        expect.stringContaining('(ImagePullBackOff)'),
        expect.stringContaining('cannot be scheduled'),
        expect.stringContaining(
          'HPA payments-api is at its maximum of 4 replicas',
        ),
      ]),
    );
    expect(eksHealth.scalers.map(s => `${s.kind}/${s.name}`)).toContain(
      'ScaledObject/payments-worker',
    );
    // The gke double holds no payments objects but is slow: it still yields an error, not a failure.
    expect(health.clusters.map(c => [c.name, c.reachable])).toEqual([
      ['eks-prod', true],
      ['gke-prod', false],
    ]);
    expect(eks.requests).toContain(
      '/apis/apps/v1/namespaces/payments/deployments?labelSelector=app.kubernetes.io%2Fpart-of%3Dpayments',
    );
  });

  it("shows a kubernetes-cluster Resource's own cluster: nodes, pools and autoscalers", async () => {
    const response = await get(
      '/api/skyforge/v1/entities/default/resource/eks-prod-cluster/health',
    );
    expect(response.status).toBe(200);
    const health: EntityHealthResponse = response.body;
    expect(health).toMatchObject({
      entityRef: 'resource:default/eks-prod-cluster',
      view: 'cluster',
      status: 'healthy',
    });
    expect(health.clusters[0]).toMatchObject({
      name: 'eks-prod',
      nodesReady: 4,
      nodesTotal: 4,
    });
    expect(health.clusters[0].scalers.map(s => s.kind)).toEqual([
      'ClusterAutoscaler',
      'NodePool',
      'NodePool',
    ]);
    // The cluster's own workloads are read in kube-system through the Kubernetes backend's fetcher.
    expect(eks.requests).toContain(
      '/apis/apps/v1/namespaces/kube-system/deployments',
    );
  });

  it('rolls a System up over its parts, worst first, with their reasons', async () => {
    const response = await get(
      '/api/skyforge/v1/entities/default/system/storefront/health',
    );
    expect(response.status).toBe(200);
    const health: EntityHealthResponse = response.body;
    expect(health.view).toBe('rollUp');
    expect(health.status).toBe('unhealthy');
    expect(health.parts!.map(part => [part.entityRef, part.status])).toEqual([
      ['component:default/payments', 'unhealthy'],
      ['component:default/checkout', 'degraded'],
      ['resource:default/eks-prod-cluster', 'healthy'],
    ]);
    expect(health.reasons[0]).toMatch(
      /^component:default\/payments is unhealthy: /,
    );
  });

  it('lists every cluster on the fleet page, filtered by owner and cloud', async () => {
    const all = await get('/api/skyforge/v1/fleet');
    expect(all.status).toBe(200);
    const fleet: FleetResponse = all.body;
    expect(
      fleet.clusters.map(c => [
        c.name,
        c.entityRef,
        c.owner,
        c.cloud,
        c.reachable,
      ]),
    ).toEqual([
      [
        'eks-prod',
        'resource:default/eks-prod-cluster',
        'group:default/platform',
        'aws',
        true,
      ],
      ['gke-prod', undefined, undefined, undefined, false],
    ]);
    expect(fleet.clusters[0].nodePools.map(pool => pool.name)).toEqual([
      'default',
      'workers',
    ]);
    expect(fleet.owners).toEqual(['group:default/platform']);
    const platform = await get(
      '/api/skyforge/v1/fleet?owner=platform&cloud=aws',
    );
    expect(platform.body.clusters.map((c: FleetCluster) => c.name)).toEqual([
      'eks-prod',
    ]);
    const none = await get('/api/skyforge/v1/fleet?cloud=azure');
    expect(none.body.clusters).toEqual([]);
  });

  it('answers 404 for an entity that is not in the catalog', async () => {
    const response = await get(
      '/api/skyforge/v1/entities/default/component/ghost/health',
    );
    expect(response.status).toBe(404);
    expect(response.body.error.message).toBe(
      "No entity 'component:default/ghost'",
    );
  });
});
