import type { KubernetesObject, UnknownRecord } from '../kubernetesObjects';

const LABELS = {
  'backstage.io/kubernetes-id': 'demo',
  'app.kubernetes.io/name': 'demo',
  'app.kubernetes.io/part-of': 'shop',
  environment: 'prod',
};

const SELECTOR = { 'app.kubernetes.io/name': 'demo' };

function object(
  kind: string,
  apiVersion: string,
  name: string,
  fields: UnknownRecord,
): KubernetesObject {
  return {
    apiVersion,
    kind,
    metadata: { name, namespace: 'demo', labels: { ...LABELS } },
    ...fields,
  };
}

/** A small build that passes every check; tests break one thing at a time. A fresh copy per call. */
export function validManifests(): KubernetesObject[] {
  return [
    object('ServiceAccount', 'v1', 'demo', {
      automountServiceAccountToken: false,
    }),
    object('Deployment', 'apps/v1', 'demo', {
      spec: {
        selector: { matchLabels: { ...SELECTOR } },
        template: {
          metadata: { labels: { ...LABELS } },
          spec: {
            serviceAccountName: 'demo',
            automountServiceAccountToken: false,
            securityContext: { runAsNonRoot: true, runAsUser: 10001 },
            containers: [
              {
                name: 'app',
                image: 'ghcr.io/acme/demo:1.0.0',
                ports: [{ name: 'http', containerPort: 8080 }],
                resources: {
                  requests: { cpu: '100m', memory: '128Mi' },
                  limits: { cpu: '500m', memory: '256Mi' },
                },
                livenessProbe: { httpGet: { path: '/healthz', port: 'http' } },
                readinessProbe: { httpGet: { path: '/healthz', port: 'http' } },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  privileged: false,
                  readOnlyRootFilesystem: true,
                  capabilities: { drop: ['ALL'] },
                },
              },
            ],
          },
        },
      },
    }),
    object('Service', 'v1', 'demo', {
      spec: {
        selector: { ...SELECTOR },
        ports: [{ name: 'http', port: 80, targetPort: 'http' }],
      },
    }),
    object('HorizontalPodAutoscaler', 'autoscaling/v2', 'demo', {
      spec: {
        scaleTargetRef: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: 'demo',
        },
        minReplicas: 2,
        maxReplicas: 5,
      },
    }),
    object('PodDisruptionBudget', 'policy/v1', 'demo', {
      spec: {
        maxUnavailable: 1,
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
        selector: { matchLabels: { ...SELECTOR } },
      },
    }),
    object('NetworkPolicy', 'networking.k8s.io/v1', 'default-deny', {
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    }),
    object('Ingress', 'networking.k8s.io/v1', 'demo', {
      spec: {
        rules: [
          {
            host: 'demo.example.com',
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: {
                    service: { name: 'demo', port: { name: 'http' } },
                  },
                },
              ],
            },
          },
        ],
      },
    }),
  ];
}

/** The first object of a kind in a build (throws when absent, to keep tests honest). */
export function objectOfKind(
  objects: readonly KubernetesObject[],
  kind: string,
): KubernetesObject & { spec: UnknownRecord } {
  const found = objects.find(candidate => candidate.kind === kind);
  if (!found) throw new Error(`no ${kind} in the fixture`);
  return found as KubernetesObject & { spec: UnknownRecord };
}

/** The spec of the Deployment's pod template, and its first container. */
export function podOf(objects: readonly KubernetesObject[]): {
  pod: UnknownRecord;
  container: UnknownRecord;
} {
  const template = objectOfKind(objects, 'Deployment').spec
    .template as UnknownRecord;
  const pod = template.spec as UnknownRecord;
  return { pod, container: (pod.containers as UnknownRecord[])[0] };
}
