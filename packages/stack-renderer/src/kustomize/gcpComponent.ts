import { POOL_LABEL_KEY } from '../naming';
import type { StackSpec } from '../spec/stackSpec';
import { appStorageClasses } from './appStorageClasses';
import { ingressHasTls } from './appIngress';
import {
  describeServiceEgress,
  egressPolicyName,
  egressRulesPatch,
  serviceEgressRules,
  ingressNetworkPolicy,
} from './appNetworkPolicies';
import type { KustomizeFile, KustomizePatch } from './kustomizeFiles';
import { kustomizeNames } from './kustomizeNames';
import type { CloudComponent } from './cloudComponent';
import { gcpServices } from '../terraform/gcp/gcpServices';
import { metricsScrapeFiles } from '../monitoring/metricsScrapeFiles';

/** Source ranges of Google's external Application Load Balancer proxies and health checks. */
const GOOGLE_LOAD_BALANCER_RANGES = ['130.211.0.0/22', '35.191.0.0/16'];

/** GKE: GKE Ingress (external Application Load Balancer), Workload Identity, pd-balanced disks. */
export function gcpComponent(spec: StackSpec): CloudComponent {
  const names = kustomizeNames(spec);
  const tls = ingressHasTls(spec);
  const egress = gcpServices(spec).flatMap(service =>
    service.egress ? [service.egress] : [],
  );
  const host = spec.spec.app.ingress.host;
  const tlsResources: KustomizeFile[] = tls
    ? [
        {
          file: 'managed-certificate.yaml',
          comment: [
            `Google-managed certificate for ${host}; it becomes Active once DNS points at the load balancer.`,
          ],
          value: {
            apiVersion: 'networking.gke.io/v1',
            kind: 'ManagedCertificate',
            metadata: { name: names.app },
            spec: { domains: [host] },
          },
        },
        {
          file: 'frontend-config.yaml',
          comment: ['Redirects HTTP to HTTPS at the load balancer.'],
          value: {
            apiVersion: 'networking.gke.io/v1beta1',
            kind: 'FrontendConfig',
            metadata: { name: names.app },
            spec: {
              redirectToHttps: {
                enabled: true,
                responseCodeName: 'MOVED_PERMANENTLY_DEFAULT',
              },
            },
          },
        },
      ]
    : [];
  const tlsPatches: KustomizePatch[] = tls
    ? [
        {
          file: 'ingress-tls-patch.yaml',
          comment: [
            'The certificate is the ManagedCertificate, not a Secret, so the Ingress has no TLS block.',
          ],
          target: { kind: 'Ingress', name: names.app },
          value: [{ op: 'remove', path: '/spec/tls' }],
        },
      ]
    : [];
  return {
    comment: [
      'GKE: GKE Ingress (class gce) serves the Ingress from a global external Application Load',
      'Balancer with container-native load balancing (NEGs target pod IPs).',
      ...(tls
        ? [
            '- HTTPS with a Google-managed certificate; a FrontendConfig redirects HTTP to HTTPS, and each',
            '  overlay names the TLS 1.2+ SSL policy of its environment.',
          ]
        : [
            '- HTTP only: the stack has no host (or TLS is off), so there is no certificate to manage.',
          ]),
      '- Each overlay names the global IP address Terraform reserved for its environment.',
      '- Workload Identity: each overlay annotates the ServiceAccount with the Google service account',
      '  of its environment (Terraform output app_service_account_email).',
    ],
    resources: [
      ...appStorageClasses({
        spec,
        provisioner: 'pd.csi.storage.gke.io',
        parameters: {
          type: 'pd-balanced',
          'csi.storage.k8s.io/fstype': 'ext4',
        },
        comment: [
          'Balanced persistent disks through the Compute Engine PD CSI driver (encrypted at rest by Google).',
          "GKE's own standard-rwo class stays the cluster default.",
        ],
        iops: {
          parameters: { type: 'pd-ssd', 'csi.storage.k8s.io/fstype': 'ext4' },
          comment: [
            'SSD persistent disks, the closest GKE equivalent of EBS io2 on every machine series: IOPS grow',
            'with size (30 per GB). Hyperdisk Balanced provisions IOPS apart from size, but only on newer',
            'series (C3, C4, N4), not the N2 machines of the presets.',
          ],
        },
      }),
      {
        file: 'backend-config.yaml',
        comment: [
          "Health check on the application's health path, and 30 s of connection draining so a",
          'terminating pod finishes its requests before the load balancer forgets it.',
        ],
        value: {
          apiVersion: 'cloud.google.com/v1',
          kind: 'BackendConfig',
          metadata: { name: names.app },
          spec: {
            healthCheck: {
              type: 'HTTP',
              requestPath: spec.spec.app.healthPath,
              port: spec.spec.app.port,
            },
            connectionDraining: { drainingTimeoutSec: 30 },
          },
        },
      },
      ...tlsResources,
      {
        file: 'network-policy-ingress.yaml',
        comment: [
          "The load balancer's proxies and health checks reach pod IPs from Google's published ranges.",
        ],
        value: ingressNetworkPolicy({
          spec,
          from: GOOGLE_LOAD_BALANCER_RANGES.map(cidr => ({
            ipBlock: { cidr },
          })),
        }),
      },
      ...metricsScrapeFiles(spec, 'gcp'),
    ],
    patches: [
      {
        file: 'ingress-patch.yaml',
        comment: [
          'GKE Ingress reads the class from this annotation (there is no built-in gce IngressClass).',
        ],
        value: {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'Ingress',
          metadata: {
            name: names.app,
            annotations: {
              'kubernetes.io/ingress.class': 'gce',
              ...(tls
                ? {
                    'networking.gke.io/managed-certificates': names.app,
                    'networking.gke.io/v1beta1.FrontendConfig': names.app,
                  }
                : {}),
            },
          },
        },
      },
      ...tlsPatches,
      {
        file: 'deployment-patch.yaml',
        comment: [
          'The application runs on the application pool, never on the small system pool that GKE',
          "add-ons use. GKE's managed workloads do not tolerate custom taints, so the system pool",
          'stays untainted and the application selects its pool instead.',
        ],
        value: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: names.app },
          spec: {
            template: {
              spec: { nodeSelector: { [POOL_LABEL_KEY]: 'application' } },
            },
          },
        },
      },
      {
        file: 'service-patch.yaml',
        value: {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: {
            name: names.app,
            annotations: {
              'cloud.google.com/neg': '{"ingress": true}',
              'cloud.google.com/backend-config': `{"default": "${names.app}"}`,
            },
          },
        },
      },
      {
        file: 'network-policy-egress-patch.yaml',
        comment: [
          'The GKE metadata server, which hands out Workload Identity tokens',
          `(169.254.169.254:80 with Dataplane V2, 169.254.169.252:988 otherwise)${
            egress.length > 0 ? `, and ${describeServiceEgress(egress)}` : ''
          }.`,
        ],
        target: { kind: 'NetworkPolicy', name: egressPolicyName(spec) },
        value: egressRulesPatch([
          {
            to: [{ ipBlock: { cidr: '169.254.169.254/32' } }],
            ports: [{ protocol: 'TCP', port: 80 }],
          },
          {
            to: [{ ipBlock: { cidr: '169.254.169.252/32' } }],
            ports: [{ protocol: 'TCP', port: 988 }],
          },
          ...serviceEgressRules(egress),
        ]),
      },
    ],
  };
}
