import type { StackSpec } from '../spec/stackSpec';
import { appStorageClass } from './appStorageClass';
import { ingressHasTls } from './appIngress';
import {
  egressPolicyName,
  egressRulesPatch,
  ingressNetworkPolicy,
} from './appNetworkPolicies';
import { kustomizeNames } from './kustomizeNames';
import type { CloudComponent } from './renderCloudComponent';

/** Seconds the ALB keeps sending in-flight requests to a deregistered pod (default 300). */
const DEREGISTRATION_DELAY_SECONDS = 30;

/** EKS: AWS Load Balancer Controller (ALB), EKS Pod Identity, EBS gp3 volumes. */
export function awsComponent(spec: StackSpec): CloudComponent {
  const names = kustomizeNames(spec);
  const tls = ingressHasTls(spec);
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
      'EKS: the AWS Load Balancer Controller (IngressClass alb) serves the Ingress from an',
      'internet-facing ALB that targets pod IPs.',
      ...(tls
        ? [
            '- HTTPS: no certificate ARN is set, so the controller discovers the issued ACM certificate',
            '  that matches the host; HTTP redirects to HTTPS.',
          ]
        : [
            '- HTTP only: the stack has no host (or TLS is off), so there is no certificate to attach.',
          ]),
      '- Workload identity: EKS Pod Identity associates the ServiceAccount with the role in the',
      '  Terraform output app_role_arn, so the ServiceAccount needs no annotation.',
      '- NetworkPolicies are enforced by the VPC CNI network policy agent.',
    ],
    resources: [
      appStorageClass({
        spec,
        provisioner: 'ebs.csi.aws.com',
        parameters: {
          type: 'gp3',
          encrypted: 'true',
          'csi.storage.k8s.io/fstype': 'ext4',
        },
        comment: [
          'gp3 EBS volumes through the EBS CSI driver, encrypted at rest.',
        ],
      }),
      {
        file: 'network-policy-ingress.yaml',
        comment: [
          'The ALB reaches pod IPs from its nodes in the public subnets of the VPC, so the application port',
          `admits the VPC range (spec.network.cidr, ${spec.spec.network.cidr}).`,
        ],
        value: ingressNetworkPolicy({
          spec,
          from: [{ ipBlock: { cidr: spec.spec.network.cidr } }],
        }),
      },
    ],
    patches: [
      {
        file: 'namespace-patch.yaml',
        comment: [
          'The controller adds a readiness gate to pods behind an ALB: a rollout waits until the new',
          'pod is healthy in the target group before the next old pod stops (zero-downtime deploys).',
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
      {
        file: 'ingress-patch.yaml',
        value: {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'Ingress',
          metadata: { name: names.app, annotations },
          spec: { ingressClassName: 'alb' },
        },
      },
      {
        file: 'network-policy-egress-patch.yaml',
        comment: [
          `The EKS Pod Identity agent (credentials on 169.254.170.23:80)${
            spec.spec.services.redis ? ' and ElastiCache (TLS on 6379)' : ''
          }.`,
        ],
        target: { kind: 'NetworkPolicy', name: egressPolicyName(spec) },
        value: egressRulesPatch([
          {
            to: [{ ipBlock: { cidr: '169.254.170.23/32' } }],
            ports: [{ protocol: 'TCP', port: 80 }],
          },
          ...(spec.spec.services.redis
            ? [{ ports: [{ protocol: 'TCP' as const, port: 6379 }] }]
            : []),
        ]),
      },
    ],
  };
}
