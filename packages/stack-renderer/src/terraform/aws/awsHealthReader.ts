import { HEALTH_READER_GROUP } from '@skyforge/plugin-skyforge-common';
import { attr, blank, comment, data, expr, resource } from '../../hcl/hcl';
import type { HclBody } from '../../hcl/hcl';
import type { RootVariable } from '../common/rootVariable';
import { terraformOutput } from '../common/terraformOutput';
import { terraformVariable } from '../common/terraformVariable';
import { policyStatement } from './policyStatement';

/**
 * Backstage's read-only identity in the EKS cluster: an IAM role that Backstage's own AWS identity
 * assumes (the `kubernetes.io/aws-assume-role` annotation of the cluster's catalog Resource), and
 * an EKS access entry that maps it to the Kubernetes group which the health reader RBAC in
 * deploy/platform binds (EKS User Guide, "Grant IAM users access to Kubernetes with EKS access
 * entries": a STANDARD entry with Kubernetes groups and no access policy gets exactly the RBAC
 * bound to those groups). The role needs no IAM permissions: an EKS token is a presigned
 * sts:GetCallerIdentity.
 */

const PRINCIPALS = 'backstage_principal_arns';

/** The root variable: who may assume the reader role. */
export const AWS_HEALTH_READER_ROOT_VARIABLE: RootVariable = {
  name: PRINCIPALS,
  type: 'list(string)',
  description:
    "IAM roles Backstage's backend runs as, allowed to assume this cluster's read-only health reader role; empty creates no reader.",
  value: [],
  validations: [
    {
      condition: `alltrue([for arn in var.${PRINCIPALS} : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/", arn))])`,
      message: `${PRINCIPALS} must be IAM role ARNs.`,
    },
  ],
};

/** The cluster module's variable. */
export const awsHealthReaderVariables: HclBody = [
  terraformVariable({
    name: PRINCIPALS,
    type: 'list(string)',
    description:
      "IAM roles Backstage's backend runs as, allowed to assume the health reader role.",
    default: [],
  }),
];

/** The reader role and its access entry, in the cluster module (`aws_eks_cluster.this`). */
export function awsHealthReader(): HclBody {
  return [
    comment(
      [
        "Backstage's health reader: assumed by Backstage's own role, mapped by an access entry to the",
        `Kubernetes group ${HEALTH_READER_GROUP}, which may list pods, workloads, HPAs and nodes and`,
        'read the cluster autoscaler status, nothing else (deploy/platform/<env>-aws/health-reader.yaml).',
      ].join('\n'),
    ),
    data('aws_iam_policy_document', 'health_reader_assume', [
      attr('count', expr(`length(var.${PRINCIPALS}) > 0 ? 1 : 0`)),
      blank(),
      policyStatement({
        sid: 'Backstage',
        actions: ['sts:AssumeRole'],
        principals: [{ type: 'AWS', identifiers: expr(`var.${PRINCIPALS}`) }],
      }),
    ]),
    resource('aws_iam_role', 'health_reader', [
      attr(
        'count',
        expr('length(data.aws_iam_policy_document.health_reader_assume)'),
      ),
      blank(),
      attr('name', expr('"${var.name}-health-reader"')),
      attr(
        'assume_role_policy',
        expr('data.aws_iam_policy_document.health_reader_assume[0].json'),
      ),
    ]),
    resource('aws_eks_access_entry', 'health_reader', [
      attr('count', expr('length(aws_iam_role.health_reader)')),
      blank(),
      attr('cluster_name', expr('aws_eks_cluster.this.name')),
      attr('principal_arn', expr('aws_iam_role.health_reader[0].arn')),
      attr('type', 'STANDARD'),
      attr('kubernetes_groups', [HEALTH_READER_GROUP]),
    ]),
  ];
}

/** The cluster module's output. */
export const awsHealthReaderOutputs: HclBody = [
  terraformOutput({
    name: 'health_reader_role_arn',
    description:
      "IAM role Backstage assumes to read the cluster's health; null without Backstage principals.",
    value: 'one(aws_iam_role.health_reader[*].arn)',
  }),
];
