import { commonAppSettings } from '../spec/appSettings';
import type { StackSpec } from '../spec/stackSpec';
import type { FileTree } from '../types';
import {
  appHorizontalPodAutoscaler,
  appPodDisruptionBudget,
} from './appAutoscaling';
import { DEPLOYMENT_COMMENT, appDeployment } from './appDeployment';
import { appIngress, ingressHasTls } from './appIngress';
import {
  defaultDenyNetworkPolicy,
  egressNetworkPolicy,
} from './appNetworkPolicies';
import {
  HTTP_PORT_NAME,
  SERVICE_PORT,
  contractLabels,
  kustomizeNames,
  labelsEntry,
  selectorLabels,
} from './kustomizeNames';
import { yamlDocument } from './yamlDocument';

function ingressComment(spec: StackSpec): string[] {
  const { host } = spec.spec.app.ingress;
  if (!host) {
    return [
      'No host is set in skyforge.yaml (spec.app.ingress.host), so this rule matches any host and',
      'there is no TLS block: a certificate needs a name. Set a host and re-render to serve HTTPS.',
    ];
  }
  if (!ingressHasTls(spec))
    return [
      `Serves http://${host}/ without TLS (spec.app.ingress.tls is false).`,
    ];
  return [
    `Serves https://${host}/. The cloud component sets the ingress controller and how the`,
    'certificate is obtained (ACM discovery, a Google-managed certificate or Key Vault).',
  ];
}

/** The object files of the base, in the order the kustomization lists them. */
function baseObjects(
  spec: StackSpec,
): Array<{ file: string; value: unknown; comment?: string[] }> {
  const names = kustomizeNames(spec);
  return [
    {
      file: 'namespace.yaml',
      comment: [
        'The restricted Pod Security Standard is enforced, so a pod that weakens its security context is rejected.',
      ],
      value: {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: names.namespace,
          labels: {
            'pod-security.kubernetes.io/enforce': 'restricted',
            'pod-security.kubernetes.io/audit': 'restricted',
            'pod-security.kubernetes.io/warn': 'restricted',
          },
        },
      },
    },
    {
      file: 'service-account.yaml',
      comment: [
        'The identity the cloud components bind to a cloud role. No API token is mounted: the',
        'application does not call the Kubernetes API (workload identity uses its own projected token).',
      ],
      value: {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: names.app },
        automountServiceAccountToken: false,
      },
    },
    {
      file: 'deployment.yaml',
      comment: [...DEPLOYMENT_COMMENT],
      value: appDeployment(spec),
    },
    {
      file: 'service.yaml',
      value: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: names.app },
        spec: {
          type: 'ClusterIP',
          selector: selectorLabels(spec),
          ports: [
            {
              name: HTTP_PORT_NAME,
              port: SERVICE_PORT,
              targetPort: HTTP_PORT_NAME,
              protocol: 'TCP',
            },
          ],
        },
      },
    },
    {
      file: 'horizontal-pod-autoscaler.yaml',
      comment: [
        'Scales on CPU: up fast (double, or 4 pods, per minute), down slowly (at most half per minute',
        'after 5 minutes of lower load). The overlays set the minimum and maximum per environment.',
      ],
      value: appHorizontalPodAutoscaler(spec),
    },
    {
      file: 'pod-disruption-budget.yaml',
      comment: [
        'One pod down at a time during drains. maxUnavailable (not minAvailable) never blocks a drain,',
        'even with a single replica; AlwaysAllow lets crash-looping pods be evicted during upgrades.',
      ],
      value: appPodDisruptionBudget(spec),
    },
    {
      file: 'network-policy-default-deny.yaml',
      comment: [
        'Nothing reaches or leaves a pod of this namespace unless another policy allows it.',
      ],
      value: defaultDenyNetworkPolicy(),
    },
    {
      file: 'network-policy-egress.yaml',
      comment: [
        'Egress of the application: DNS (any address, so node-local DNS caches work), HTTPS for cloud',
        'APIs and identity token endpoints, and the data services of the stack. The cloud component',
        'adds its cache port and workload identity endpoint. Ingress is allowed per cloud, from the',
        'load balancer only, by the cloud component.',
      ],
      value: egressNetworkPolicy(spec),
    },
    {
      file: 'ingress.yaml',
      comment: ingressComment(spec),
      value: appIngress(spec),
    },
  ];
}

/** `deploy/base/`: the cloud- and environment-independent manifests. */
export function renderBase(spec: StackSpec): FileTree {
  const names = kustomizeNames(spec);
  const settings = commonAppSettings(spec);
  const objects = baseObjects(spec);
  const files: FileTree = {};
  for (const object of objects) {
    files[`deploy/base/${object.file}`] = yamlDocument({
      value: object.value,
      comment: object.comment,
    });
  }
  files['deploy/base/config.env'] = [
    '# Settings of the application, passed as environment variables. Kustomize turns this file into a',
    `# ConfigMap (${names.config}-<hash>), so a change here rolls the pods. The overlays add`,
    '# ENVIRONMENT, CLOUD and the settings of spec.overrides.<environment>.app.env. Edit skyforge.yaml',
    '# (spec.app.env) and re-render rather than this file. Never put secrets here: use the cloud secret',
    '# store through workload identity.',
    ...Object.entries({
      PORT: String(settings.port),
      ...settings.env,
    }).map(([name, value]) => `${name}=${value}`),
    '',
  ].join('\n');
  files['deploy/base/kustomization.yaml'] = yamlDocument({
    comment: [
      `Manifests of ${names.app} shared by every environment and cloud. Build an overlay, not this`,
      'directory: deploy/overlays/<environment>-<cloud> adds the environment label, the cloud',
      'component (ingress controller, workload identity, storage class) and per-environment sizes.',
    ],
    value: {
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      namespace: names.namespace,
      labels: [labelsEntry(contractLabels(spec))],
      resources: objects.map(object => object.file),
      configMapGenerator: [{ name: names.config, envs: ['config.env'] }],
    },
  });
  return files;
}
