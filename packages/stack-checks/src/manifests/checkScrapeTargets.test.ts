import { checkScrapeTargets } from './checkScrapeTargets';
import type { KubernetesObject } from './kubernetesObjects';
import { objectOfKind, validManifests } from './testing/validManifests';

function podMonitoring(port: string, app = 'demo'): KubernetesObject {
  return {
    apiVersion: 'monitoring.googleapis.com/v1',
    kind: 'PodMonitoring',
    metadata: { name: 'demo', namespace: 'demo' },
    spec: {
      selector: { matchLabels: { 'app.kubernetes.io/name': app } },
      endpoints: [{ port, path: '/metrics' }],
    },
  };
}

function withMetricsPort(): KubernetesObject[] {
  const objects = validManifests();
  const deployment = objectOfKind(objects, 'Deployment').spec as {
    template: { spec: { containers: Array<{ ports: unknown[] }> } };
  };
  deployment.template.spec.containers[0].ports.push({
    name: 'metrics',
    containerPort: 9090,
  });
  return objects;
}

function metricsPolicy(port: string | number): KubernetesObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'demo-allow-metrics-scrape', namespace: 'demo' },
    spec: {
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'demo' } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [
            {
              namespaceSelector: {
                matchLabels: { 'kubernetes.io/metadata.name': 'gmp-system' },
              },
            },
          ],
          ports: [{ protocol: 'TCP', port }],
        },
      ],
    },
  };
}

describe('checkScrapeTargets', () => {
  it('accepts a PodMonitoring whose port exists and is admitted', () => {
    const objects = [
      ...withMetricsPort(),
      podMonitoring('metrics'),
      metricsPolicy('metrics'),
    ];
    expect(checkScrapeTargets(objects)).toEqual([]);
  });

  it('accepts a policy that admits the port by number', () => {
    const objects = [
      ...withMetricsPort(),
      podMonitoring('metrics'),
      metricsPolicy(9090),
    ];
    expect(checkScrapeTargets(objects)).toEqual([]);
  });

  it('reports a scrape port no container declares', () => {
    const objects = [...validManifests(), podMonitoring('metrics')];
    expect(checkScrapeTargets(objects)).toEqual([
      'PodMonitoring demo/demo: port metrics is not a container port of Deployment demo/demo',
    ]);
  });

  it('reports a port that no NetworkPolicy admits (the default-deny drops the scrapes)', () => {
    const objects = [
      ...withMetricsPort(),
      podMonitoring('metrics'),
      metricsPolicy('http'),
    ];
    expect(checkScrapeTargets(objects)).toEqual([
      'PodMonitoring demo/demo: no NetworkPolicy admits ingress to port metrics of Deployment demo/demo',
    ]);
  });

  it('reports a selector that matches no pods', () => {
    const objects = [...withMetricsPort(), podMonitoring('metrics', 'other')];
    expect(checkScrapeTargets(objects)).toEqual([
      'PodMonitoring demo/demo: selects no pods',
    ]);
  });

  it("checks AKS PodMonitors of Azure's API group too", () => {
    const objects: KubernetesObject[] = [
      ...withMetricsPort(),
      {
        apiVersion: 'azmonitoring.coreos.com/v1',
        kind: 'PodMonitor',
        metadata: { name: 'demo', namespace: 'demo' },
        spec: {
          selector: { matchLabels: { 'app.kubernetes.io/name': 'demo' } },
          podMetricsEndpoints: [{ port: 'metrics' }],
        },
      },
    ];
    expect(checkScrapeTargets(objects)).toEqual([
      'PodMonitor demo/demo: no NetworkPolicy admits ingress to port metrics of Deployment demo/demo',
    ]);
  });
});
