import {
  attr,
  blank,
  comment,
  data,
  expr,
  resource,
  type HclBody,
} from '../../hcl/hcl';
import { AWS_ACCOUNT_ID, AWS_PARTITION } from './awsContextData';
import { AWS_SERVICES } from './awsServices';
import { policyStatement } from './policyStatement';

const ARN = `arn:\${${AWS_PARTITION}}`;
const OTHER_ENVIRONMENTS =
  '[for environment in local.environments : environment if environment != each.value]';

/**
 * What a Terraform plan of the environment roots reads beyond ViewOnlyAccess, service by
 * service: the configuration reads the AWS provider makes when it refreshes the resources the
 * roots create (bucket settings, key policies, role policies, add-on and scraper settings, the
 * serverless dashboard, its scaling target and policy, the alert email subscription, the Grafana
 * workspace, the metadata and policy of a registry secret), and what each service adds
 * (`AwsService.planReads`), for every service: enabling one later needs no new bootstrap.
 * Configuration only: no object, log event, parameter, secret value or image content.
 * planRefreshReads.ts lists what each resource type's refresh calls; its test keeps the two in step.
 */
const SHARED_PLAN_READ_ACTIONS = [
  'acm:DescribeCertificate',
  'acm:ListTagsForCertificate',
  'application-autoscaling:DescribeScalableTargets',
  'application-autoscaling:DescribeScalingPolicies',
  'application-autoscaling:ListTagsForResource',
  'aps:Describe*',
  'aps:GetDefaultScraperConfiguration',
  'aps:List*',
  'cloudwatch:Describe*',
  'cloudwatch:GetDashboard',
  'cloudwatch:ListTagsForResource',
  'ec2:Describe*',
  'ecr:DescribeRepositories',
  'ecr:GetLifecyclePolicy',
  'ecr:GetRepositoryPolicy',
  'ecr:ListTagsForResource',
  'eks:Describe*',
  'eks:List*',
  'elasticache:Describe*',
  'elasticache:ListTagsForResource',
  'elasticloadbalancing:Describe*',
  'grafana:DescribeWorkspace',
  'grafana:DescribeWorkspaceConfiguration',
  'iam:Get*',
  'iam:List*',
  'kms:Describe*',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:List*',
  'logs:Describe*',
  'logs:ListTagsForResource',
  'logs:ListTagsLogGroup',
  'rds:Describe*',
  'rds:ListTagsForResource',
  'route53:Get*',
  'route53:List*',
  's3:GetAccelerateConfiguration',
  's3:GetBucket*',
  's3:GetEncryptionConfiguration',
  's3:GetLifecycleConfiguration',
  's3:GetReplicationConfiguration',
  's3:ListBucket',
  'secretsmanager:DescribeSecret',
  'secretsmanager:GetResourcePolicy',
  'sns:GetSubscriptionAttributes',
  'sns:GetTopicAttributes',
  'sns:ListTagsForResource',
];

export function planReadActions(): string[] {
  return [
    ...SHARED_PLAN_READ_ACTIONS,
    ...Object.values(AWS_SERVICES).flatMap(
      service => service.planReads?.actions ?? [],
    ),
  ].sort();
}

/** Public AWS parameters only (the PublicParameters statement). */
export const PLAN_PUBLIC_PARAMETER_ACTIONS = ['ssm:GetParameter'];

/** Data reads denied to the plan role on every resource, whatever else grants them. */
export const PLAN_DENIED_ACTIONS = [
  'dynamodb:BatchGetItem',
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'ecr:BatchGetImage',
  'ecr:GetDownloadUrlForLayer',
  'logs:FilterLogEvents',
  'logs:GetLogEvents',
  'logs:GetLogRecord',
  'logs:GetQueryResults',
  'logs:StartQuery',
  'secretsmanager:GetSecretValue',
];

/**
 * The read-only plan role: ViewOnlyAccess (metadata only) plus {@link planReadActions}, the
 * state it plans against, and explicit denials of every data read, so that attaching a broader
 * read policy later cannot hand unreviewed pull-request code application data.
 */
export function planRolePolicies(): HclBody {
  return [
    resource('aws_iam_role_policy_attachment', 'plan', [
      attr('role', expr('aws_iam_role.plan.name')),
      attr(
        'policy_arn',
        expr(`"${ARN}:iam::aws:policy/job-function/ViewOnlyAccess"`),
      ),
    ]),
    data('aws_iam_policy_document', 'plan', [
      policyStatement({
        sid: 'TerraformRefresh',
        actions: planReadActions(),
        resources: ['*'],
      }),
      comment(
        'The AMI of the EKS API proxy comes from a public AWS parameter; no parameter of the account.',
      ),
      policyStatement({
        sid: 'PublicParameters',
        actions: PLAN_PUBLIC_PARAMETER_ACTIONS,
        resources: [expr(`"${ARN}:ssm:*::parameter/aws/service/*"`)],
      }),
      comment(
        'Plans run with -lock=false: the plan role reads the state and writes nothing, not even a lock.',
      ),
      policyStatement({
        sid: 'State',
        actions: ['s3:GetObject'],
        resources: [expr('"${aws_s3_bucket.state.arn}/*"')],
      }),
      policyStatement({
        sid: 'StateKey',
        actions: ['kms:Decrypt'],
        resources: [expr('aws_kms_key.state.arn')],
      }),
      policyStatement({
        sid: 'NoApplicationData',
        effect: 'Deny',
        actions: PLAN_DENIED_ACTIONS,
        resources: ['*'],
      }),
      policyStatement({
        sid: 'NoObjectsButState',
        effect: 'Deny',
        actions: ['s3:GetObject*'],
        notResources: [expr('"${aws_s3_bucket.state.arn}/*"')],
      }),
      policyStatement({
        sid: 'NoAccountParameters',
        effect: 'Deny',
        actions: ['ssm:GetParameter*'],
        notResources: [expr(`"${ARN}:ssm:*::parameter/aws/service/*"`)],
      }),
    ]),
    resource('aws_iam_role_policy', 'plan', [
      attr('name', 'terraform-plan'),
      attr('role', expr('aws_iam_role.plan.id')),
      attr('policy', expr('data.aws_iam_policy_document.plan.json')),
    ]),
  ];
}

/**
 * The permissions boundary of each environment's apply role. The role itself has
 * AdministratorAccess (applying creates roles, keys and networks), and the boundary takes away
 * what would let one environment's pipeline (dev runs unreviewed) reach another environment:
 * other environments' state and tagged resources, the bootstrap's shared resources, the CI roles
 * and boundaries themselves, and assuming any other role. Being a boundary the role cannot edit or
 * detach, it holds even against code that runs with the role's own rights.
 */
export function deployBoundary(options: {
  multipleEnvironments: boolean;
}): HclBody {
  const iam = `${ARN}:iam::\${${AWS_ACCOUNT_ID}}`;
  const ciRoles = expr(`"${iam}:role/\${local.name}-github-*"`);
  const boundaries = expr(`"${iam}:policy/\${local.name}-github-*"`);
  return [
    data('aws_iam_policy_document', 'deploy_boundary', [
      attr('for_each', expr('toset(local.environments)')),
      blank(),
      policyStatement({
        sid: 'EverythingElse',
        actions: ['*'],
        resources: ['*'],
      }),
      options.multipleEnvironments && [
        policyStatement({
          sid: 'OtherEnvironmentsState',
          effect: 'Deny',
          actions: ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'],
          resources: expr(
            '[for environment in local.environments : "${aws_s3_bucket.state.arn}/${environment}/*" if environment != each.value]',
          ),
        }),
        comment(
          'Every resource of an environment carries its environment tag (default_tags of the root).',
        ),
        policyStatement({
          sid: 'OtherEnvironmentsResources',
          effect: 'Deny',
          actions: ['*'],
          resources: ['*'],
          conditions: [
            {
              test: 'StringEquals',
              variable: 'aws:ResourceTag/environment',
              values: expr(OTHER_ENVIRONMENTS),
            },
          ],
        }),
        policyStatement({
          sid: 'OtherEnvironmentsTags',
          effect: 'Deny',
          actions: ['*'],
          resources: ['*'],
          conditions: [
            {
              test: 'StringEquals',
              variable: 'aws:RequestTag/environment',
              values: expr(OTHER_ENVIRONMENTS),
            },
          ],
        }),
      ],
      policyStatement({
        sid: 'CiRolesAndBoundaries',
        effect: 'Deny',
        actions: [
          'iam:AttachRolePolicy',
          'iam:CreatePolicyVersion',
          'iam:DeletePolicy',
          'iam:DeletePolicyVersion',
          'iam:DeleteRole',
          'iam:DeleteRolePermissionsBoundary',
          'iam:DeleteRolePolicy',
          'iam:DetachRolePolicy',
          'iam:PutRolePermissionsBoundary',
          'iam:PutRolePolicy',
          'iam:SetDefaultPolicyVersion',
          'iam:TagRole',
          'iam:UntagRole',
          'iam:UpdateAssumeRolePolicy',
          'iam:UpdateRole',
        ],
        resources: [ciRoles, boundaries],
      }),
      policyStatement({
        sid: 'GitHubTrust',
        effect: 'Deny',
        actions: [
          'iam:AddClientIDToOpenIDConnectProvider',
          'iam:DeleteOpenIDConnectProvider',
          'iam:RemoveClientIDFromOpenIDConnectProvider',
          'iam:UpdateOpenIDConnectProviderThumbprint',
        ],
        resources: ['*'],
      }),
      policyStatement({
        sid: 'StateStorage',
        effect: 'Deny',
        actions: [
          's3:DeleteBucket*',
          's3:PutBucket*',
          's3:PutEncryptionConfiguration',
          's3:PutLifecycleConfiguration',
        ],
        resources: [
          expr('aws_s3_bucket.state.arn'),
          expr('aws_s3_bucket.access_logs.arn'),
        ],
      }),
      policyStatement({
        sid: 'StateKeyAdministration',
        effect: 'Deny',
        actions: [
          'kms:CreateGrant',
          'kms:DisableKey',
          'kms:PutKeyPolicy',
          'kms:ScheduleKeyDeletion',
        ],
        resources: [expr('aws_kms_key.state.arn')],
      }),
      comment(
        'CI never chains roles. Without this, the role could create a role without the boundary and\nassume it.',
      ),
      policyStatement({
        sid: 'NoRoleChaining',
        effect: 'Deny',
        actions: ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity'],
        resources: ['*'],
      }),
    ]),
    resource('aws_iam_policy', 'deploy_boundary', [
      attr('for_each', expr('toset(local.environments)')),
      blank(),
      attr('name', expr('"${local.name}-github-${each.value}-boundary"')),
      attr(
        'description',
        expr(
          '"Permissions boundary of the ${each.value} CI role: nothing of another environment or of the bootstrap"',
        ),
      ),
      attr(
        'policy',
        expr('data.aws_iam_policy_document.deploy_boundary[each.value].json'),
      ),
    ]),
  ];
}
