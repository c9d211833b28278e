/*
 * Benchmarks GET /api/skyforge/v1/entities/default/component/bench-api/health against the
 * Kubernetes backend's own workload query for the same entity. The entity is spread over three
 * clusters (local Kubernetes API doubles answering every call after 20 ms) with 300 pods and
 * 10 HPAs in all. The health cache is off (cacheTtl 0) so every request reads the clusters.
 *
 * Run from the repository root:
 *   node --require @backstage/cli/config/nodeTransform.cjs plugins/skyforge-backend/scripts/benchHealth.ts
 * Options (env): BENCH_REQUESTS (default 200), BENCH_LATENCY_MS (default 20).
 */
import {
  KubernetesApiDouble,
  type ServedObject,
} from '../src/health/__testUtils__/KubernetesApiDouble';
import {
  clusterAutoscalerStatusConfigMap,
  readListFixture,
} from '../src/health/__testUtils__/fixtures';
import { startHealthTestBackend } from '../src/health/__testUtils__/startHealthTestBackend';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 20);
const CLUSTERS = 3;
const PODS = 300;
const HPAS = 10;
const DEPLOYMENTS_PER_CLUSTER = 10;

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value));

/** The recorded checkout objects, renamed and multiplied into the benchmark entity's share of one cluster. */
function clusterObjects(cluster: number): ServedObject[] {
  const recorded = readListFixture<any>('workloads-checkout.json');
  const [deployment, replicaSet, pod, hpa] = [
    'Deployment',
    'ReplicaSet',
    'Pod',
    'HorizontalPodAutoscaler',
  ].map(kind => recorded.find(object => object.kind === kind));
  const podsHere = PODS / CLUSTERS;
  const hpasHere =
    Math.floor(HPAS / CLUSTERS) + (cluster < HPAS % CLUSTERS ? 1 : 0);
  const objects: ServedObject[] = [];
  const relabel = (object: any) => {
    object.metadata.labels['backstage.io/kubernetes-id'] = 'bench-api';
    return object;
  };
  for (let d = 0; d < DEPLOYMENTS_PER_CLUSTER; d++) {
    const name = `bench-api-${cluster}-${d}`;
    const replicas = podsHere / DEPLOYMENTS_PER_CLUSTER;
    const dep = relabel(clone(deployment));
    dep.metadata.name = name;
    dep.spec.replicas = replicas;
    Object.assign(dep.status, {
      replicas,
      updatedReplicas: replicas,
      readyReplicas: replicas,
      availableReplicas: replicas,
    });
    const rs = relabel(clone(replicaSet));
    rs.metadata.name = `${name}-84c6b9f7d5`;
    rs.metadata.ownerReferences[0].name = name;
    objects.push(dep, rs);
    for (let p = 0; p < replicas; p++) {
      const instance = relabel(clone(pod));
      instance.metadata.name = `${name}-84c6b9f7d5-${String(p).padStart(
        5,
        '0',
      )}`;
      instance.metadata.ownerReferences[0].name = rs.metadata.name;
      objects.push(instance);
    }
    if (d < hpasHere) {
      const autoscaler = relabel(clone(hpa));
      autoscaler.metadata.name = name;
      autoscaler.spec.scaleTargetRef.name = name;
      objects.push(autoscaler);
    }
  }
  return [
    ...objects,
    ...readListFixture('nodes-eks.json'),
    ...readListFixture('karpenter-nodepools.json'),
    clusterAutoscalerStatusConfigMap('cluster-autoscaler-status.txt'),
  ];
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(
    sorted.length - 1,
    Math.ceil((p / 100) * sorted.length) - 1,
  );
  return sorted[Math.max(0, index)];
}

async function timed(
  label: string,
  call: () => Promise<Response>,
): Promise<number> {
  const started = performance.now();
  const response = await call();
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${label}: HTTP ${response.status}`);
  return performance.now() - started;
}

function summary(label: string, samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { label, p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

async function main() {
  const doubles = await Promise.all(
    Array.from({ length: CLUSTERS }, (_, index) =>
      KubernetesApiDouble.start({
        objects: clusterObjects(index),
        latencyMs: LATENCY_MS,
      }),
    ),
  );
  const backend = await startHealthTestBackend({
    entities: [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'bench-api',
          namespace: 'default',
          annotations: { 'backstage.io/kubernetes-id': 'bench-api' },
        },
        spec: {
          type: 'service',
          owner: 'group:default/bench',
          lifecycle: 'production',
        },
      },
    ],
    config: {
      kubernetes: {
        serviceLocatorMethod: { type: 'multiTenant' },
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: doubles.map((double, index) => ({
              name: `cluster-${index}`,
              url: double.url,
              authProvider: 'serviceAccount',
              serviceAccountToken: `token-${index}`,
              skipMetricsLookup: true,
            })),
          },
        ],
      },
      skyforge: {
        health: {
          cacheTtl: { milliseconds: 0 },
          clusterTimeout: { seconds: 10 },
        },
      },
    },
  });
  const headers = {
    Authorization: `Bearer ${backend.token}`,
    'Content-Type': 'application/json',
  };
  const health = () =>
    fetch(
      `${backend.baseUrl}/api/skyforge/v1/entities/default/component/bench-api/health`,
      { headers },
    );
  const workloads = () =>
    fetch(`${backend.baseUrl}/api/kubernetes/resources/workloads/query`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ entityRef: 'component:default/bench-api' }),
    });
  try {
    const check = await (await health()).json();
    const pods = check.clusters.reduce(
      (sum: number, cluster: any) =>
        sum + cluster.workloads.reduce((s: number, w: any) => s + w.desired, 0),
      0,
    );
    const hpas = check.clusters.reduce(
      (sum: number, cluster: any) => sum + cluster.autoscalers.length,
      0,
    );
    console.log(
      `entity over ${check.clusters.length} clusters: ${pods} pods, ${hpas} HPAs, status ${check.status}; ${LATENCY_MS} ms per API call; ${REQUESTS} sequential requests each`,
    );
    // Warm both paths up (JIT, connection pools, the proxy's lazy imports), then alternate them
    // request by request so that neither profits from a quieter moment of this shared machine.
    for (let i = 0; i < 10; i++) {
      await timed('health', health);
      await timed('workloads', workloads);
    }
    const healthSamples: number[] = [];
    const workloadSamples: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      healthSamples.push(await timed('health', health));
      workloadSamples.push(await timed('workloads', workloads));
    }
    const healthResult = summary('skyforge health', healthSamples);
    const workloadResult = summary(
      'kubernetes workloads/query',
      workloadSamples,
    );
    for (const result of [healthResult, workloadResult]) {
      console.log(
        `${result.label.padEnd(28)} p50 ${result.p50.toFixed(
          1,
        )} ms  p95 ${result.p95.toFixed(1)} ms`,
      );
    }
    const ratio50 = healthResult.p50 / workloadResult.p50;
    const ratio95 = healthResult.p95 / workloadResult.p95;
    console.log(
      `ratio health / workloads query: p50 ${ratio50.toFixed(
        2,
      )}x  p95 ${ratio95.toFixed(2)}x`,
    );
    console.log(
      `target p95 < 300 ms: ${
        healthResult.p95 < 300 ? 'met' : 'MISSED'
      }; target ratio <= 1.3x: ${ratio95 <= 1.3 ? 'met' : 'MISSED'}`,
    );
  } finally {
    await backend.stop();
    await Promise.all(doubles.map(double => double.stop()));
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
