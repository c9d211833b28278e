import {
  attr,
  blank,
  block,
  comment,
  data,
  expr,
  resource,
  type HclBody,
} from '../../hcl/hcl';
import type { FileTree } from '../../types';
import type { StackComputes } from '../common/environmentRoot';
import { moduleFiles } from '../common/moduleFiles';
import { terraformOutput } from '../common/terraformOutput';
import { terraformVariable } from '../common/terraformVariable';

const variables: HclBody = [
  terraformVariable({
    name: 'host',
    type: 'string',
    description: 'Host name the application is served on over HTTPS.',
  }),
  terraformVariable({
    name: 'route53_zone_id',
    type: 'string',
    description:
      'Public Route 53 hosted zone of the host. Null: create the validation record (output certificate_validation_record) and the host record at your DNS provider.',
    default: expr('null'),
  }),
];

/** What only the Ingress of an EKS environment needs: finding the load balancer EKS creates. */
const ingressVariables: HclBody = [
  terraformVariable({
    name: 'create_host_record',
    type: 'bool',
    description:
      'Point the host at the load balancer in the zone. Only one environment may own the name; the others only validate their certificate.',
    default: false,
  }),
  terraformVariable({
    name: 'load_balancer_tags',
    type: 'map(string)',
    description:
      'Tags the Ingress puts on its load balancer (alb.ingress.kubernetes.io/tags), to find it.',
  }),
];

/** Who serves the certificate, by the compute targets of the stack's environments. */
function certificateUse(computes: StackComputes): string[] {
  const ingress =
    '`make k8s-certificate` writes its ARN into the overlay, which sets alb.ingress.kubernetes.io/certificate-arn';
  const listener = 'the HTTPS listener of the serverless module serves it';
  if (!computes.serverless) {
    return [`The certificate of the Ingress: ${ingress}.`];
  }
  if (!computes.kubernetes) {
    return [`The certificate of the host: ${listener}.`];
  }
  return [
    `The certificate of the host. On EKS ${ingress};`,
    `on ECS ${listener}.`,
  ];
}

function main(computes: StackComputes): HclBody {
  const zone = 'var.route53_zone_id != null';
  return [
    comment(
      [
        ...certificateUse(computes),
        'ACM renews it for as long as the validation record exists.',
      ].join('\n'),
    ),
    resource('aws_acm_certificate', 'this', [
      attr('domain_name', expr('var.host')),
      attr('validation_method', 'DNS'),
      blank(),
      block(
        'lifecycle',
        [],
        [
          comment(
            'A new certificate is attached before the old one is deleted, so HTTPS never drops.',
          ),
          attr('create_before_destroy', true),
        ],
      ),
    ]),
    block(
      'locals',
      [],
      [
        comment('One domain, so exactly one DNS validation record.'),
        attr(
          'validation',
          expr('one(aws_acm_certificate.this.domain_validation_options)'),
        ),
      ],
    ),
    comment(
      [
        'ACM gives every certificate of the same name in an account the same validation record, so',
        'the environments sharing the host may all write it (allow_overwrite).',
      ].join('\n'),
    ),
    resource('aws_route53_record', 'validation', [
      attr('count', expr(`${zone} ? 1 : 0`)),
      blank(),
      attr('zone_id', expr('var.route53_zone_id')),
      attr('name', expr('local.validation.resource_record_name')),
      attr('type', expr('local.validation.resource_record_type')),
      attr('records', [expr('local.validation.resource_record_value')]),
      attr('ttl', 300),
      attr('allow_overwrite', true),
    ]),
    comment(
      'Waits until ACM has issued the certificate, so the load balancer can use it right away.',
    ),
    resource('aws_acm_certificate_validation', 'this', [
      attr('count', expr(`${zone} ? 1 : 0`)),
      blank(),
      attr('certificate_arn', expr('aws_acm_certificate.this.arn')),
      attr('validation_record_fqdns', [
        expr('aws_route53_record.validation[0].fqdn'),
      ]),
    ]),
    computes.kubernetes && [
      comment(
        [
          'EKS Auto Mode creates the load balancer when the Ingress is applied, after this root. The',
          'first apply finds none; the next one (any later plan and apply) finds it by its tags and',
          'points the host at it.',
        ].join('\n'),
      ),
      data('aws_lbs', 'ingress', [
        attr('tags', expr('var.load_balancer_tags')),
      ]),
      data('aws_lb', 'ingress', [
        attr('count', expr('length(data.aws_lbs.ingress.arns) == 1 ? 1 : 0')),
        blank(),
        attr('arn', expr('one(data.aws_lbs.ingress.arns)')),
      ]),
      resource('aws_route53_record', 'host', [
        attr(
          'count',
          expr(
            `${zone} && var.create_host_record ? length(data.aws_lb.ingress) : 0`,
          ),
        ),
        blank(),
        attr('zone_id', expr('var.route53_zone_id')),
        attr('name', expr('var.host')),
        attr('type', 'A'),
        blank(),
        block(
          'alias',
          [],
          [
            attr('name', expr('data.aws_lb.ingress[0].dns_name')),
            attr('zone_id', expr('data.aws_lb.ingress[0].zone_id')),
            attr('evaluate_target_health', true),
          ],
        ),
      ]),
    ],
  ];
}

const outputs = [
  // ELB refuses a certificate that is not issued yet (UnsupportedCertificate), so with a zone
  // the ARN comes from the validation, which waits for issuance: a listener that takes it is
  // created only then, not alongside the request.
  terraformOutput({
    name: 'certificate_arn',
    description:
      'ARN of the ACM certificate of the host; with a zone, known once ACM has issued it.',
    value:
      'var.route53_zone_id != null ? aws_acm_certificate_validation.this[0].certificate_arn : aws_acm_certificate.this.arn',
  }),
  terraformOutput({
    name: 'certificate_validation_record',
    description:
      'The CNAME record that proves control of the host to ACM (created in the zone when one is given).',
    value:
      '{ name = local.validation.resource_record_name, type = local.validation.resource_record_type, value = local.validation.resource_record_value }',
  }),
];

const ingressOutputs = [
  terraformOutput({
    name: 'load_balancer_dns_name',
    description:
      'DNS name of the load balancer of the Ingress (null until EKS has created it and this root is applied again): the target of the host record.',
    value: 'one(data.aws_lb.ingress[*].dns_name)',
  }),
];

/**
 * The AWS ingress module: the ACM certificate of the host with DNS validation and, given a Route 53
 * zone, the validation record and, where an environment runs EKS, an alias from the host to the
 * load balancer EKS Auto Mode creates (on ECS the serverless module owns its load balancer and the
 * host record).
 */
export function awsIngressModule(computes: StackComputes): FileTree {
  return moduleFiles({
    cloud: 'aws',
    capability: 'ingress',
    variables: [variables, computes.kubernetes && ingressVariables],
    main: main(computes),
    outputs: [outputs, computes.kubernetes && ingressOutputs],
  });
}
