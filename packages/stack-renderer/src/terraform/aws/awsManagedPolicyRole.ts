import { attr, blank, expr, resource, type HclBlock } from '../../hcl/hcl';
import { AWS_PARTITION } from './awsContextData';

/**
 * An IAM role that a service assumes (trust from an `aws_iam_policy_document` data source) and the
 * AWS managed policies attached to it, one attachment per name in a list local: the shape of the
 * EKS cluster, node and node-group roles.
 */
export function awsManagedPolicyRole(options: {
  /** Terraform name of both resources: `cluster`, `node`, `node_group`. */
  name: string;
  /** Suffix of the IAM role name after `${var.name}-`. */
  roleSuffix: string;
  /** Terraform name of the trust policy document: `cluster_assume`. */
  assumePolicyDocument: string;
  /** Local holding the managed policy names: `cluster_policies`. */
  policiesLocal: string;
}): HclBlock[] {
  const { name, roleSuffix, assumePolicyDocument, policiesLocal } = options;
  return [
    resource('aws_iam_role', name, [
      attr('name', expr(`"\${var.name}-${roleSuffix}"`)),
      attr(
        'assume_role_policy',
        expr(`data.aws_iam_policy_document.${assumePolicyDocument}.json`),
      ),
    ]),
    resource('aws_iam_role_policy_attachment', name, [
      attr('for_each', expr(`toset(local.${policiesLocal})`)),
      blank(),
      attr('role', expr(`aws_iam_role.${name}.name`)),
      attr(
        'policy_arn',
        expr(`"arn:\${${AWS_PARTITION}}:iam::aws:policy/\${each.value}"`),
      ),
    ]),
  ];
}
