import { POOL_LABEL_KEY } from '../naming';
import { APPLICATION_POOL } from '../spec/nodePoolSpec';
import type { StackSpec } from '../spec/stackSpec';
import { azureServices } from '../terraform/azure/azureServices';
import { appStorageClasses } from './appStorageClasses';
import { ingressHasTls } from './appIngress';
import {
  describeServiceEgress,
  egressPolicyName,
  egressRulesPatch,
  serviceEgressRules,
  ingressNetworkPolicy,
} from './appNetworkPolicies';
import type { KustomizePatch } from './kustomizeFiles';
import { kustomizeNames } from './kustomizeNames';
import type { CloudComponent } from './cloudComponent';
import { metricsScrapeFiles } from '../monitoring/metricsScrapeFiles';

/** Namespace where the AKS application routing add-on runs its NGINX controller. */
const APP_ROUTING_NAMESPACE = 'app-routing-system';

/** Name of the TLS Secret the add-on creates from a Key Vault certificate (`keyvault-<ingress>`). */
export function azureTlsSecretName(spec: StackSpec): string {
  return `keyvault-${kustomizeNames(spec).app}`;
}

/** AKS: application routing add-on (managed NGINX), Entra Workload ID, Premium SSD disks. */
export function azureComponent(spec: StackSpec): CloudComponent {
  const customPools = spec.spec.cluster.nodePools !== undefined;
  const names = kustomizeNames(spec);
  const tls = ingressHasTls(spec);
  const egress = azureServices(spec).flatMap(service =>
    service.egress ? [service.egress] : [],
  );
  const tlsPatches: KustomizePatch[] = tls
    ? [
        {
          file: 'ingress-tls-patch.yaml',
          comment: [
            "The certificate comes from the environment's Key Vault: each overlay names it in the",
            'kubernetes.azure.com/tls-cert-keyvault-uri annotation, and the add-on keeps the Secret',
            `${azureTlsSecretName(spec)} in sync with it (renewals included).`,
          ],
          target: { kind: 'Ingress', name: names.app },
          value: [
            {
              op: 'add',
              path: '/spec/tls/0/secretName',
              value: azureTlsSecretName(spec),
            },
          ],
        },
      ]
    : [];
  return {
    comment: [
      'AKS: the application routing add-on (IngressClass webapprouting.kubernetes.azure.com, managed',
      'NGINX) serves the Ingress.',
      tls
        ? '- HTTPS with the certificate in the environment Key Vault (see ingress-tls-patch.yaml); NGINX redirects HTTP to HTTPS.'
        : '- HTTP only: the stack has no host (or TLS is off), so there is no certificate.',
      '- Entra Workload ID: pods opt in with the azure.workload.identity/use label; each overlay sets',
      '  the client ID of its user-assigned identity on the ServiceAccount at deploy time.',
    ],
    resources: [
      ...appStorageClasses({
        spec,
        provisioner: 'disk.csi.azure.com',
        parameters: {
          skuName: 'Premium_LRS',
          cachingMode: 'ReadOnly',
          'csi.storage.k8s.io/fstype': 'ext4',
        },
        comment: [
          'Premium SSD managed disks through the Azure Disk CSI driver (managed-csi-premium), encrypted at rest.',
          "AKS's own default class stays the cluster default.",
        ],
        iops: {
          parameters: {
            skuName: 'PremiumV2_LRS',
            cachingMode: 'None',
            DiskIOPSReadWrite: '5000',
            DiskMBpsReadWrite: '200',
            'csi.storage.k8s.io/fstype': 'ext4',
          },
          comment: [
            'Premium SSD v2 with provisioned IOPS and throughput, the closest AKS equivalent of EBS io2. It',
            'attaches only to zonal VMs (the node pools are zonal) and takes no host caching.',
          ],
        },
      }),
      {
        file: 'network-policy-ingress.yaml',
        comment: [
          `Only the add-on's NGINX pods (namespace ${APP_ROUTING_NAMESPACE}) reach the application port.`,
        ],
        value: ingressNetworkPolicy({
          spec,
          from: [
            {
              namespaceSelector: {
                matchLabels: {
                  'kubernetes.io/metadata.name': APP_ROUTING_NAMESPACE,
                },
              },
            },
          ],
        }),
      },
      ...metricsScrapeFiles(spec, 'azure'),
    ],
    patches: [
      {
        file: 'ingress-patch.yaml',
        value: {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'Ingress',
          metadata: { name: names.app },
          spec: { ingressClassName: 'webapprouting.kubernetes.azure.com' },
        },
      },
      ...tlsPatches,
      {
        file: 'deployment-patch.yaml',
        comment: [
          'The Workload ID webhook injects the federated token and AZURE_* variables into labelled pods.',
          ...(customPools
            ? [
                `With custom node pools, the application runs on the pool named ${APPLICATION_POOL}, never on`,
                'another user pool that is not tainted against it.',
              ]
            : []),
        ],
        value: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: names.app },
          spec: {
            template: {
              metadata: { labels: { 'azure.workload.identity/use': 'true' } },
              ...(customPools
                ? {
                    spec: {
                      nodeSelector: { [POOL_LABEL_KEY]: APPLICATION_POOL },
                    },
                  }
                : {}),
            },
          },
        },
      },
      ...(egress.length > 0
        ? [
            {
              file: 'network-policy-egress-patch.yaml',
              comment: [`${describeServiceEgress(egress)}.`],
              target: { kind: 'NetworkPolicy', name: egressPolicyName(spec) },
              value: egressRulesPatch(serviceEgressRules(egress)),
            },
          ]
        : []),
    ],
  };
}
