import {
  attr,
  data,
  expr,
  resource,
  type HclBody,
  type HclValue,
} from '../../hcl/hcl';
import { AWS_ACCOUNT_ID, AWS_PARTITION } from './awsContextData';
import { policyStatement } from './policyStatement';

/**
 * The trust policy shared by every EKS Pod Identity role of a module
 * (`data.aws_iam_policy_document.pod_identity_assume`).
 */
export function podIdentityAssumePolicy(): HclBody {
  return [
    data('aws_iam_policy_document', 'pod_identity_assume', [
      policyStatement({
        sid: 'EksPodIdentity',
        actions: ['sts:AssumeRole', 'sts:TagSession'],
        principals: [
          { type: 'Service', identifiers: ['pods.eks.amazonaws.com'] },
        ],
        conditions: [
          {
            test: 'StringEquals',
            variable: 'aws:SourceAccount',
            values: [expr(AWS_ACCOUNT_ID)],
          },
        ],
      }),
    ]),
  ];
}

/**
 * An IAM role that one Kubernetes ServiceAccount assumes through EKS Pod Identity: the role, its
 * permissions (an inline policy document and/or AWS managed policies) and the association.
 * Pod Identity needs no OIDC provider and no ServiceAccount annotation.
 */
export function podIdentityRole(options: {
  id: string;
  /** Suffix of the role name after `${var.name}-`. */
  roleSuffix: string;
  description: string;
  clusterName: string;
  namespace: HclValue;
  serviceAccount: HclValue;
  /** Name of a `data "aws_iam_policy_document"` in the same module, attached inline. */
  policyDocument?: string;
  /** Name of an AWS managed policy, e.g. `service-role/AmazonEBSCSIDriverPolicy`. */
  managedPolicy?: string;
}): HclBody {
  const { id } = options;
  return [
    resource('aws_iam_role', id, [
      attr('name', expr(`"\${var.name}-${options.roleSuffix}"`)),
      attr('description', options.description),
      attr(
        'assume_role_policy',
        expr('data.aws_iam_policy_document.pod_identity_assume.json'),
      ),
    ]),
    options.policyDocument !== undefined &&
      resource('aws_iam_role_policy', id, [
        attr('name', options.roleSuffix),
        attr('role', expr(`aws_iam_role.${id}.id`)),
        attr(
          'policy',
          expr(`data.aws_iam_policy_document.${options.policyDocument}.json`),
        ),
      ]),
    options.managedPolicy !== undefined &&
      resource('aws_iam_role_policy_attachment', id, [
        attr('role', expr(`aws_iam_role.${id}.name`)),
        attr(
          'policy_arn',
          expr(
            `"arn:\${${AWS_PARTITION}}:iam::aws:policy/${options.managedPolicy}"`,
          ),
        ),
      ]),
    resource('aws_eks_pod_identity_association', id, [
      attr('cluster_name', expr(options.clusterName)),
      attr('namespace', options.namespace),
      attr('service_account', options.serviceAccount),
      attr('role_arn', expr(`aws_iam_role.${id}.arn`)),
    ]),
  ];
}
