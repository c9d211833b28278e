import { POOL_LABEL_KEY } from '../naming';
import { APPLICATION_POOL } from '../spec/nodePoolSpec';
import type { StackSpec } from '../spec/stackSpec';
import { appStorageClasses } from './appStorageClasses';
import { ingressHasTls } from './appIngress';
import {
  describeServiceEgress,
  egressPolicyName,
  egressRulesPatch,
  serviceEgressRules,
} from './appNetworkPolicies';
import { kustomizeNames } from './kustomizeNames';
import { AWS_INGRESS_CLASS } from './renderAwsPlatform';
import type { CloudComponent } from './cloudComponent';
import { awsServices } from '../terraform/aws/awsServices';

/** Seconds the ALB keeps sending in-flight requests to a deregistered pod (default 300). */
const DEREGISTRATION_DELAY_SECONDS = 30;

/**
 * EKS Auto Mode: its load balancer controller (IngressClass alb, in deploy/platform) serves the
 * Ingress from an ALB, EKS Pod Identity gives the pods their role, its EBS CSI driver the volumes.
 */
export function awsComponent(spec: StackSpec): CloudComponent {
  const names = kustomizeNames(spec);
  const tls = ingressHasTls(spec);
  // Auto Mode's EBS driver serves only Auto Mode nodes; managed node groups need the add-on's.
  const customPools = spec.spec.cluster.nodePools !== undefined;
  const ebsProvisioner = customPools
    ? 'ebs.csi.aws.com'
    : 'ebs.csi.eks.amazonaws.com';
  const egress = awsServices(spec).flatMap(service =>
    service.egress ? [service.egress] : [],
  );
  const annotations: Record<string, string> = {
    'alb.ingress.kubernetes.io/scheme': 'internet-facing',
    // Targets are pod IPs, so the ALB skips the node hop and readiness gates can hold rollouts.
    'alb.ingress.kubernetes.io/target-type': 'ip',
    'alb.ingress.kubernetes.io/listen-ports': tls
      ? '[{"HTTP": 80}, {"HTTPS": 443}]'
      : '[{"HTTP": 80}]',
    ...(tls
      ? {
          'alb.ingress.kubernetes.io/ssl-redirect': '443',
          'alb.ingress.kubernetes.io/ssl-policy':
            'ELBSecurityPolicy-TLS13-1-2-2021-06',
        }
      : {}),
    'alb.ingress.kubernetes.io/healthcheck-path': spec.spec.app.healthPath,
    'alb.ingress.kubernetes.io/target-group-attributes': `deregistration_delay.timeout_seconds=${DEREGISTRATION_DELAY_SECONDS}`,
    'alb.ingress.kubernetes.io/load-balancer-attributes':
      'routing.http.drop_invalid_header_fields.enabled=true',
  };
  return {
    comment: [
      'EKS Auto Mode: its load balancer controller (IngressClass alb, from deploy/platform) serves',
      'the Ingress from an internet-facing ALB that targets pod IPs.',
      ...(tls
        ? [
            '- HTTPS: the ALB serves the ACM certificate that Terraform created for the host; the overlay',
            '  sets its ARN (certificate.env, written by make k8s-certificate). HTTP redirects to HTTPS.',
          ]
        : [
            '- HTTP only: the stack has no host (or TLS is off), so there is no certificate to attach.',
          ]),
      '- Workload identity: EKS Pod Identity associates the ServiceAccount with the role in the',
      '  Terraform output app_role_arn, so the ServiceAccount needs no annotation.',
      '- NetworkPolicies are enforced by the network policy agent of the Auto Mode nodes, which',
      '  deploy/platform switches on. The ingress policy admits the public subnets of one',
      "  environment's VPC, so each overlay carries its own.",
    ],
    resources: appStorageClasses({
      spec,
      provisioner: ebsProvisioner,
      parameters: {
        type: 'gp3',
        encrypted: 'true',
        'csi.storage.k8s.io/fstype': 'ext4',
      },
      // EKS creates no default class for Kubernetes 1.30 and later, and Auto Mode none at all.
      isDefault: true,
      comment: [
        customPools
          ? 'gp3 EBS volumes through the EBS CSI driver add-on (ebs.csi.aws.com), which serves the managed node'
          : 'gp3 EBS volumes through the EBS CSI driver of EKS Auto Mode (ebs.csi.eks.amazonaws.com;',
        customPools
          ? 'groups of spec.cluster.nodePools; encrypted at rest, and the default class of the cluster.'
          : 'Auto Mode creates no StorageClass itself), encrypted at rest; the default class of the cluster.',
      ],
      iops: {
        parameters: {
          type: 'io2',
          iopsPerGB: '10',
          allowAutoIOPSPerGBIncrease: 'true',
          encrypted: 'true',
          'csi.storage.k8s.io/fstype': 'ext4',
        },
        comment: [
          'io2 EBS volumes with provisioned IOPS: 10 per GB (at least 100), for databases that need steady',
          'latency. io2 bills every provisioned IOPS ($0.065 per IOPS-month in us-east-1); raise iopsPerGB',
          'for more (io2 allows up to 1,000 per GB and 256,000 per volume on Nitro instances).',
        ],
      },
    }),
    patches: [
      {
        file: 'namespace-patch.yaml',
        comment: [
          'Asks the load balancer controller for pod readiness gates: a rollout waits until the new pod',
          'is healthy in the target group before the next old pod stops (zero-downtime deploys).',
        ],
        value: {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: {
            name: names.namespace,
            labels: { 'elbv2.k8s.aws/pod-readiness-gate-inject': 'enabled' },
          },
        },
      },
      ...(customPools
        ? [
            {
              file: 'deployment-patch.yaml',
              comment: [
                'With custom node pools (EKS managed node groups), the application runs on the pool named',
                `${APPLICATION_POOL}, never on the system or database groups that are not tainted against it.`,
              ],
              value: {
                apiVersion: 'apps/v1',
                kind: 'Deployment',
                metadata: { name: names.app },
                spec: {
                  template: {
                    spec: {
                      nodeSelector: { [POOL_LABEL_KEY]: APPLICATION_POOL },
                    },
                  },
                },
              },
            },
          ]
        : []),
      {
        file: 'ingress-patch.yaml',
        value: {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'Ingress',
          metadata: { name: names.app, annotations },
          spec: { ingressClassName: AWS_INGRESS_CLASS },
        },
      },
      {
        file: 'network-policy-egress-patch.yaml',
        comment: [
          `${describeServiceEgress([
            {
              description:
                'The EKS Pod Identity agent (credentials on 169.254.170.23:80)',
              port: 80,
            },
            ...egress,
          ])}.`,
        ],
        target: { kind: 'NetworkPolicy', name: egressPolicyName(spec) },
        value: egressRulesPatch([
          {
            to: [{ ipBlock: { cidr: '169.254.170.23/32' } }],
            ports: [{ protocol: 'TCP', port: 80 }],
          },
          ...serviceEgressRules(egress),
        ]),
      },
    ],
  };
}
