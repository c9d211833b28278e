/*
 * Benchmarks GET /api/skyforge/v1/entities/default/component/bench-api/health against the
 * Kubernetes backend's own workload query (POST /api/kubernetes/resources/workloads/query) for the
 * same entity, in the same backend process (the real Kubernetes backend, its Skyforge module and
 * the Skyforge plugin). The entity is spread over three clusters (local Kubernetes API doubles
 * answering every call after 20 ms) with 300 pods and 10 HPAs in all.
 *
 * Three backends run one after another, each alternating health and workload-query requests:
 * - cold: the entity's health is computed for every request (skyforge.health.cacheTtl 0); the
 *   per-cluster objects (nodes, autoscalers) keep their default 30 s cache, as on any busy backend;
 * - cold, every cache off: clusterCacheTtl 0 too, so every request reads every cluster completely;
 * - warm: the default 5 s cache, as when several people open the same page.
 *
 * Run from the repository root:
 *   yarn bench:health
 * Options (env): BENCH_REQUESTS (default 200), BENCH_LATENCY_MS (default 20).
 */
import type { EntityHealthResponse } from '@skyforge/plugin-skyforge-common';
import {
  clusterAutoscalerStatusConfigMap,
  KubernetesApiDouble,
  readListFixture,
  type ServedObject,
} from '@skyforge/kubernetes-api-double';
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

function summary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

const benchEntity = {
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
};

interface PhaseResult {
  health: { p50: number; p95: number };
  workloads: { p50: number; p95: number };
}

/** One backend with the given health caches; health and workload-query requests alternate. */
async function runPhase(options: {
  label: string;
  doubles: KubernetesApiDouble[];
  health: Record<string, unknown>;
  check?: boolean;
}): Promise<PhaseResult> {
  const backend = await startHealthTestBackend({
    entities: [benchEntity],
    config: {
      kubernetes: {
        serviceLocatorMethod: { type: 'multiTenant' },
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: options.doubles.map((double, index) => ({
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
        health: { clusterTimeout: { seconds: 10 }, ...options.health },
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
    if (options.check) {
      const check: EntityHealthResponse = await (await health()).json();
      const pods = check.clusters.reduce(
        (sum, cluster) =>
          sum + cluster.workloads.reduce((s, w) => s + w.desired, 0),
        0,
      );
      const hpas = check.clusters.reduce(
        (sum, cluster) => sum + cluster.autoscalers.length,
        0,
      );
      console.log(
        `entity over ${check.clusters.length} clusters: ${pods} pods, ${hpas} HPAs, status ${check.status}; ${LATENCY_MS} ms per API call; ${REQUESTS} sequential requests per path and phase`,
      );
    }
    // Warm both paths up (JIT, connection pools, lazy imports), then alternate them request by
    // request so that neither profits from a quieter moment of this shared machine.
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
    const result = {
      health: summary(healthSamples),
      workloads: summary(workloadSamples),
    };
    console.log(
      `${options.label.padEnd(24)} health p50 ${result.health.p50.toFixed(
        1,
      )} ms p95 ${result.health.p95.toFixed(
        1,
      )} ms | workloads query p50 ${result.workloads.p50.toFixed(
        1,
      )} ms p95 ${result.workloads.p95.toFixed(1)} ms | ratio p50 ${(
        result.health.p50 / result.workloads.p50
      ).toFixed(2)}x p95 ${(result.health.p95 / result.workloads.p95).toFixed(
        2,
      )}x`,
    );
    return result;
  } finally {
    await backend.stop();
  }
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
  try {
    const cold = await runPhase({
      label: 'cold',
      doubles,
      health: { cacheTtl: { milliseconds: 0 } },
      check: true,
    });
    const coldNoCache = await runPhase({
      label: 'cold, every cache off',
      doubles,
      health: {
        cacheTtl: { milliseconds: 0 },
        clusterCacheTtl: { milliseconds: 0 },
      },
    });
    const warm = await runPhase({ label: 'warm', doubles, health: {} });
    const ratio = (phase: PhaseResult) =>
      phase.health.p95 / phase.workloads.p95;
    console.log(
      `p95 ratio health / workloads query: cold ${ratio(cold).toFixed(
        2,
      )}x (target <= 1.0x: ${
        ratio(cold) <= 1 ? 'met' : 'MISSED'
      })  warm ${ratio(warm).toFixed(2)}x (target <= 0.2x: ${
        ratio(warm) <= 0.2 ? 'met' : 'MISSED'
      })  cold with every cache off ${ratio(coldNoCache).toFixed(2)}x`,
    );
  } finally {
    await Promise.all(doubles.map(double => double.stop()));
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
