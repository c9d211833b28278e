import {
  attr,
  blank,
  block,
  comment,
  data,
  expr,
  resource,
  writeHcl,
} from '../../hcl/hcl';
import type { StackSpec } from '../../spec/stackSpec';
import { stackTags } from '../../tags';
import type { FileTree } from '../../types';
import {
  AWS_ACCOUNT_ID,
  AWS_PARTITION,
  awsContextData,
} from './awsContextData';
import { AWS_BILLING_FILE, awsBillingFile } from './awsBilling';
import { AWS_BUDGET_FILE, awsBudgetFile } from './awsBudget';
import { budgetFile } from '../common/stackBudget';
import { awsCiRoleName, awsPlanRoleName } from './awsCiRoleName';
import { terraformSettings } from '../common/terraformSettings';
import { kmsKey } from './kmsKey';
import { deployBoundary, planRolePolicies } from './awsCiPolicies';
import { policyStatement } from './policyStatement';
import {
  abortIncompleteMultipartUpload,
  noncurrentVersionExpiration,
  s3Lifecycle,
} from './s3Lifecycle';
import { s3AccessLogBucket } from './s3AccessLogBucket';
import { s3BucketBaseline } from './s3BucketBaseline';
import { s3KmsEncryption } from './s3KmsEncryption';
import { terraformOutput } from '../common/terraformOutput';
import { terraformVariable } from '../common/terraformVariable';
import { bootstrapTeardownVariable } from '../common/teardownVariable';

/** Folder of the AWS bootstrap root module. */
export const AWS_BOOTSTRAP_PATH = 'infra/bootstrap/aws';

const GITHUB_ISSUER = 'token.actions.githubusercontent.com';

const variables = [
  terraformVariable({
    name: 'region',
    type: 'string',
    description: 'AWS region of the state bucket.',
    validations: [
      {
        condition: 'can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))',
        message: 'region must be an AWS region name such as us-east-1.',
      },
    ],
  }),
  terraformVariable({
    name: 'github_owner',
    type: 'string',
    description: 'GitHub organization or user that owns the repository.',
    validations: [
      {
        condition:
          'can(regex("^[A-Za-z0-9](-?[A-Za-z0-9])*$", var.github_owner))',
        message: 'github_owner must be a GitHub organization or user name.',
      },
    ],
  }),
  terraformVariable({
    name: 'github_owner_id',
    type: 'string',
    description:
      'Numeric ID of the owner (GET /orgs/<owner> or /users/<owner>, field id).',
    validations: [
      {
        condition: 'can(regex("^[0-9]+$", var.github_owner_id))',
        message: 'github_owner_id must be the numeric GitHub ID of the owner.',
      },
    ],
  }),
  terraformVariable({
    name: 'github_repository',
    type: 'string',
    description: 'Repository name, without the owner.',
    validations: [
      {
        condition: 'can(regex("^[A-Za-z0-9._-]+$", var.github_repository))',
        message:
          'github_repository must be a repository name without the owner.',
      },
    ],
  }),
  terraformVariable({
    name: 'github_repository_id',
    type: 'string',
    description:
      'Numeric ID of the repository (GET /repos/<owner>/<repo>, field id).',
    validations: [
      {
        condition: 'can(regex("^[0-9]+$", var.github_repository_id))',
        message:
          'github_repository_id must be the numeric GitHub ID of the repository.',
      },
    ],
  }),
  terraformVariable({
    name: 'create_github_oidc_provider',
    type: 'bool',
    description:
      "Create the account's GitHub OIDC provider; set false when the account already has one (there can be only one).",
    default: true,
  }),
  terraformVariable({
    name: 'access_log_retention_days',
    type: 'number',
    description: 'Days to keep the server access logs of the state bucket.',
    default: 365,
    validations: [
      {
        condition: 'var.access_log_retention_days >= 1',
        message: 'access_log_retention_days must be at least 1.',
      },
    ],
  }),
  bootstrapTeardownVariable(),
];

function main(options: {
  name: string;
  environments: readonly string[];
}): string {
  const { name, environments } = options;
  return writeHcl([
    comment(
      [
        'Run once per AWS account, before any environment, with administrator credentials. Its own',
        'state is local: keep terraform.tfstate safe, or migrate it into the bucket afterwards.',
      ].join('\n'),
    ),
    awsContextData(),
    block(
      'locals',
      [],
      [
        attr('name', name),
        attr('environments', [...environments]),
        blank(),
        comment(
          [
            'Immutable subject claims (repo:<owner>-<owner id>/<repo>-<repo id>:...) survive renames and',
            'cannot be claimed by a new repository that reuses the name.',
          ].join('\n'),
        ),
        attr(
          'github_subject',
          expr(
            '"repo:${var.github_owner}-${var.github_owner_id}/${var.github_repository}-${var.github_repository_id}"',
          ),
        ),
        attr(
          'github_oidc_provider_arn',
          expr(
            'var.create_github_oidc_provider ? aws_iam_openid_connect_provider.github[0].arn : data.aws_iam_openid_connect_provider.github[0].arn',
          ),
        ),
      ],
    ),
    kmsKey({
      id: 'state',
      description: 'Terraform state of ${local.name}',
      alias: '${local.name}-tfstate',
    }),
    comment(
      'Bucket names are global; the account ID makes this one unique and predictable.',
    ),
    resource('aws_s3_bucket', 'state', [
      attr('bucket', expr(`"\${local.name}-tfstate-\${${AWS_ACCOUNT_ID}}"`)),
      comment(
        [
          "The guard of every environment's state: destroy stops at this bucket while it holds state",
          'versions. make bootstrap-destroy lifts it (-var teardown=true) once the environments are gone.',
        ].join('\n'),
      ),
      attr('force_destroy', expr('var.teardown')),
    ]),
    s3BucketBaseline({ id: 'state' }),
    s3KmsEncryption({ id: 'state', keyId: 'state' }),
    comment(
      'Versioning keeps every state version for 90 days, so a bad apply can be rolled back.',
    ),
    s3Lifecycle({
      id: 'state',
      ruleId: 'old-state-versions',
      actions: [
        noncurrentVersionExpiration(90),
        abortIncompleteMultipartUpload(7),
      ],
    }),
    comment(
      'Server access logs record who read or wrote which state object, for audits and incidents.',
    ),
    resource('aws_s3_bucket_logging', 'state', [
      attr('bucket', expr('aws_s3_bucket.state.id')),
      attr('target_bucket', expr('aws_s3_bucket.access_logs.id')),
      attr('target_prefix', 'state/'),
    ]),
    comment(
      'Server access logs of the state bucket; the log bucket is not logged itself (no endless chain).',
    ),
    s3AccessLogBucket({
      id: 'access_logs',
      bucketName: `\${local.name}-tfstate-logs-\${${AWS_ACCOUNT_ID}}`,
      sourceBucket: 'state',
      sourceDescription: 'state bucket',
      retentionDays: expr('var.access_log_retention_days'),
      forceDestroy: expr('var.teardown'),
    }),

    comment(
      'GitHub Actions signs in with short-lived OIDC tokens; no access keys exist.',
    ),
    resource('aws_iam_openid_connect_provider', 'github', [
      attr('count', expr('var.create_github_oidc_provider ? 1 : 0')),
      blank(),
      attr('url', `https://${GITHUB_ISSUER}`),
      attr('client_id_list', ['sts.amazonaws.com']),
    ]),
    data('aws_iam_openid_connect_provider', 'github', [
      attr('count', expr('var.create_github_oidc_provider ? 0 : 1')),
      blank(),
      attr('url', `https://${GITHUB_ISSUER}`),
    ]),
    comment(
      [
        'One role per environment, trusted only for jobs that run in the GitHub environment of the same',
        'name, so protection rules on the prod environment (reviewers, branches) guard prod credentials.',
      ].join('\n'),
    ),
    data('aws_iam_policy_document', 'deploy_assume', [
      attr('for_each', expr('toset(local.environments)')),
      blank(),
      policyStatement({
        sid: 'GitHubEnvironment',
        actions: ['sts:AssumeRoleWithWebIdentity'],
        principals: [
          {
            type: 'Federated',
            identifiers: [expr('local.github_oidc_provider_arn')],
          },
        ],
        conditions: [
          {
            test: 'StringEquals',
            variable: `${GITHUB_ISSUER}:aud`,
            values: ['sts.amazonaws.com'],
          },
          {
            test: 'StringEquals',
            variable: `${GITHUB_ISSUER}:sub`,
            values: [
              expr('"${local.github_subject}:environment:${each.value}"'),
            ],
          },
        ],
      }),
    ]),
    resource('aws_iam_role', 'deploy', [
      attr('for_each', expr('toset(local.environments)')),
      blank(),
      attr('name', expr('"${local.name}-github-${each.value}"')),
      attr(
        'description',
        expr('"GitHub Actions: plan and apply the ${each.value} environment"'),
      ),
      attr(
        'assume_role_policy',
        expr('data.aws_iam_policy_document.deploy_assume[each.value].json'),
      ),
      attr(
        'permissions_boundary',
        expr('aws_iam_policy.deploy_boundary[each.value].arn'),
      ),
      attr('max_session_duration', 3600),
    ]),
    comment(
      [
        'Applying creates IAM roles, KMS keys and networks, which needs broad rights; the boundary',
        "below keeps them to the role's own environment. An account per environment (AWS",
        'Organizations) is the hard isolation: with one, the boundary is a second line of defence.',
      ].join('\n'),
    ),
    resource('aws_iam_role_policy_attachment', 'deploy', [
      attr('for_each', expr('aws_iam_role.deploy')),
      blank(),
      attr('role', expr('each.value.name')),
      attr(
        'policy_arn',
        expr(`"arn:\${${AWS_PARTITION}}:iam::aws:policy/AdministratorAccess"`),
      ),
    ]),
    deployBoundary({ multipleEnvironments: environments.length > 1 }),
    comment(
      [
        'Plans run with read-only rights: those of pull requests, and those on main that the apply',
        'workflow makes for review before each environment applies. They never see environment',
        'secrets or write anything.',
      ].join('\n'),
    ),
    data('aws_iam_policy_document', 'plan_assume', [
      policyStatement({
        sid: 'GitHubPlans',
        actions: ['sts:AssumeRoleWithWebIdentity'],
        principals: [
          {
            type: 'Federated',
            identifiers: [expr('local.github_oidc_provider_arn')],
          },
        ],
        conditions: [
          {
            test: 'StringEquals',
            variable: `${GITHUB_ISSUER}:aud`,
            values: ['sts.amazonaws.com'],
          },
          {
            test: 'StringEquals',
            variable: `${GITHUB_ISSUER}:sub`,
            values: [
              expr('"${local.github_subject}:pull_request"'),
              expr('"${local.github_subject}:ref:refs/heads/main"'),
            ],
          },
        ],
      }),
    ]),
    resource('aws_iam_role', 'plan', [
      attr('name', expr('"${local.name}-github-plan"')),
      attr(
        'description',
        'GitHub Actions: read-only plans of pull requests and of main',
      ),
      attr(
        'assume_role_policy',
        expr('data.aws_iam_policy_document.plan_assume.json'),
      ),
      attr('max_session_duration', 3600),
    ]),
    planRolePolicies(),
  ]);
}

const outputs = writeHcl([
  terraformOutput({
    name: 'aws_role_arn',
    description:
      'Per environment, the role GitHub Actions assumes (GitHub environment variable AWS_ROLE_ARN).',
    value:
      '{ for environment, role in aws_iam_role.deploy : environment => role.arn }',
  }),
  terraformOutput({
    name: 'aws_plan_role_arn',
    description:
      'Read-only role of the plans of pull requests and of main (repository variable AWS_ROLE_ARN).',
    value: 'aws_iam_role.plan.arn',
  }),
  terraformOutput({
    name: 'tf_state_bucket',
    description:
      'State bucket of every environment (GitHub variable TF_STATE_BUCKET).',
    value: 'aws_s3_bucket.state.id',
  }),
  terraformOutput({
    name: 'tf_state_kms_key_arn',
    description: 'KMS key of the state bucket.',
    value: 'aws_kms_key.state.arn',
  }),
]);

/**
 * The AWS bootstrap root module: the Terraform state bucket and the GitHub OIDC roles of CI,
 * applied once per account before the environments.
 */
export function awsBootstrap(spec: StackSpec): FileTree {
  const { name } = spec.metadata;
  const region = spec.spec.regions.aws!;
  const { environment: _environment, ...sharedTags } = stackTags({
    spec,
    environment: spec.spec.environments[0],
  });
  const roles = spec.spec.environments.map(environment =>
    awsCiRoleName({ name, environment }),
  );
  return {
    [`${AWS_BOOTSTRAP_PATH}/versions.tf`]: writeHcl([
      terraformSettings('aws'),
      block(
        'provider',
        ['aws'],
        [
          attr('region', expr('var.region')),
          blank(),
          comment(
            'Shared by every environment, so the environment tag is left out.',
          ),
          block('default_tags', [], [attr('tags', sharedTags)]),
        ],
      ),
    ]),
    [`${AWS_BOOTSTRAP_PATH}/variables.tf`]: writeHcl(variables),
    [`${AWS_BOOTSTRAP_PATH}/main.tf`]: main({
      name,
      environments: spec.spec.environments,
    }),
    [`${AWS_BOOTSTRAP_PATH}/outputs.tf`]: outputs,
    [`${AWS_BOOTSTRAP_PATH}/${AWS_BILLING_FILE}`]: awsBillingFile(),
    ...budgetFile(
      `${AWS_BOOTSTRAP_PATH}/${AWS_BUDGET_FILE}`,
      awsBudgetFile(spec),
    ),
    [`${AWS_BOOTSTRAP_PATH}/terraform.tfvars`]: writeHcl([
      attr('region', region),
      blank(),
      comment(
        [
          'Fill in once the GitHub repository exists. The IDs come from the GitHub API and keep the',
          'trust of the CI roles immune to renames:',
          ...[...roles, awsPlanRoleName(name)].map(role => `  ${role}`),
          '',
          'github_owner         = "acme"',
          'github_owner_id      = "1234567"',
          `github_repository    = "${name}"`,
          'github_repository_id = "890123456"',
        ].join('\n'),
      ),
    ]),
  };
}
