import {
  attr,
  blank,
  block,
  comment,
  expr,
  resource,
  type HclBody,
} from '../../hcl/hcl';
import type { StackSpec } from '../../spec/stackSpec';
import { terraformVariable } from '../common/terraformVariable';
import {
  gcpCiServiceAccountId,
  gcpGithubPoolId,
  gcpPlanServiceAccountId,
} from './gcpNames';

/** Project roles of the per-environment CI service accounts: what the environment roots create. */
export function gcpCiRoles(spec: StackSpec): string[] {
  const { services } = spec.spec;
  return [
    'roles/cloudkms.admin',
    'roles/compute.networkAdmin',
    'roles/container.admin',
    'roles/iam.serviceAccountAdmin',
    'roles/iam.serviceAccountUser',
    'roles/resourcemanager.projectIamAdmin',
    'roles/servicenetworking.networksAdmin',
    'roles/storage.admin',
    ...(services.postgres ? ['roles/cloudsql.admin'] : []),
    ...(services.redis ? ['roles/redis.admin'] : []),
    ...(services.registry ? ['roles/artifactregistry.admin'] : []),
    ...(services.monitoring ? ['roles/monitoring.alertPolicyEditor'] : []),
  ].sort();
}

/** Read-only roles of the plan service account: refresh every resource and read IAM policies. */
export const GCP_PLAN_ROLES = [
  'roles/iam.securityReviewer',
  'roles/viewer',
] as const;

/** The GitHub repository variables: names and the immutable numeric IDs, validated. */
export function gcpGithubVariables(): HclBody {
  return [
    terraformVariable({
      name: 'github_owner',
      type: 'string',
      description: 'GitHub organisation or user that owns the repository.',
      validations: [
        {
          condition:
            'can(regex("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?$", var.github_owner))',
          message: 'github_owner must be a GitHub user or organisation name.',
        },
      ],
    }),
    terraformVariable({
      name: 'github_owner_id',
      type: 'string',
      description:
        'Numeric ID of the owner (gh api users/<owner> --jq .id); it never changes on renames.',
      validations: [
        {
          condition: 'can(regex("^[0-9]+$", var.github_owner_id))',
          message:
            'github_owner_id must be the numeric GitHub ID of the owner.',
        },
      ],
    }),
    terraformVariable({
      name: 'github_repository',
      type: 'string',
      description: 'Name of the repository, without the owner.',
      validations: [
        {
          condition:
            'can(regex("^[A-Za-z0-9._-]{1,100}$", var.github_repository))',
          message:
            'github_repository must be a repository name without the owner.',
        },
      ],
    }),
    terraformVariable({
      name: 'github_repository_id',
      type: 'string',
      description:
        'Numeric ID of the repository (gh api repos/<owner>/<repository> --jq .id).',
      validations: [
        {
          condition: 'can(regex("^[0-9]+$", var.github_repository_id))',
          message:
            'github_repository_id must be the numeric GitHub ID of the repository.',
        },
      ],
    }),
  ];
}

const SUBJECT_PREFIX =
  '"repo:${var.github_owner}-${var.github_owner_id}/${var.github_repository}-${var.github_repository_id}"';

function principal(subject: string): string {
  return `"principal://iam.googleapis.com/\${google_iam_workload_identity_pool.github.name}/subject/\${local.subject_prefix}:${subject}"`;
}

/**
 * Workload Identity Federation for GitHub Actions: a pool and OIDC provider restricted to the
 * repository, one CI service account per environment trusted only from the matching GitHub
 * environment, and a read-only plan service account trusted for pull requests.
 */
export function gcpGithubIdentity(spec: StackSpec): HclBody {
  const name = spec.metadata.name;
  const ciAccountIds = Object.fromEntries(
    spec.spec.environments.map(environment => [
      environment,
      gcpCiServiceAccountId({ name, environment }),
    ]),
  );
  return [
    block(
      'locals',
      [],
      [
        comment(
          [
            "GitHub's immutable subject claim: owner and repository carry their numeric IDs, so a renamed",
            'or re-created repository of the same name cannot assume these identities.',
          ].join('\n'),
        ),
        attr('subject_prefix', expr(SUBJECT_PREFIX)),
        attr('ci_roles', gcpCiRoles(spec)),
        attr('plan_roles', [...GCP_PLAN_ROLES]),
        attr('ci_service_account_ids', ciAccountIds),
        attr(
          'ci_bindings',
          expr(
            '{\n    for pair in setproduct(var.environments, local.ci_roles) : "${pair[0]} ${pair[1]}" => {\n      environment = pair[0]\n      role        = pair[1]\n    }\n  }',
          ),
        ),
      ],
    ),
    comment(
      [
        'Workload Identity Federation: GitHub Actions exchanges its OIDC token for short-lived Google',
        'credentials, so no service account key exists anywhere. A deleted pool keeps its ID reserved',
        'for 30 days.',
      ].join('\n'),
    ),
    resource('google_iam_workload_identity_pool', 'github', [
      attr('project', expr('var.project_id')),
      attr('workload_identity_pool_id', gcpGithubPoolId(name)),
      attr('display_name', 'GitHub Actions'),
      attr(
        'description',
        expr('"CI of ${var.github_owner}/${var.github_repository}"'),
      ),
      blank(),
      attr('depends_on', [expr('google_project_service.this')]),
    ]),
    resource('google_iam_workload_identity_pool_provider', 'github', [
      attr('project', expr('var.project_id')),
      attr(
        'workload_identity_pool_id',
        expr(
          'google_iam_workload_identity_pool.github.workload_identity_pool_id',
        ),
      ),
      attr('workload_identity_pool_provider_id', 'github-actions'),
      attr('display_name', 'GitHub Actions OIDC'),
      blank(),
      attr('attribute_mapping', {
        'google.subject': 'assertion.sub',
        'attribute.repository_id': 'assertion.repository_id',
        'attribute.repository_owner_id': 'assertion.repository_owner_id',
      }),
      comment(
        'Tokens of any other repository are rejected before any IAM binding is considered.',
      ),
      attr(
        'attribute_condition',
        expr(
          '"assertion.repository_owner_id == \\"${var.github_owner_id}\\" && assertion.repository_id == \\"${var.github_repository_id}\\" && assertion.sub.startsWith(\\"${local.subject_prefix}:\\")"',
        ),
      ),
      blank(),
      block(
        'oidc',
        [],
        [attr('issuer_uri', 'https://token.actions.githubusercontent.com')],
      ),
    ]),
    comment(
      'One CI identity per environment, usable only by jobs running in the matching GitHub environment.',
    ),
    resource('google_service_account', 'ci', [
      attr('for_each', expr('toset(var.environments)')),
      blank(),
      attr('project', expr('var.project_id')),
      attr('account_id', expr('local.ci_service_account_ids[each.value]')),
      attr('display_name', expr('"CI apply ${each.value}"')),
    ]),
    resource('google_service_account_iam_member', 'ci_workload_identity', [
      attr('for_each', expr('toset(var.environments)')),
      blank(),
      attr(
        'service_account_id',
        expr('google_service_account.ci[each.value].name'),
      ),
      attr('role', 'roles/iam.workloadIdentityUser'),
      attr('member', expr(principal('environment:${each.value}'))),
    ]),
    comment(
      [
        'What the environment roots create. The environments share the project, so these roles are',
        'project-wide; give each environment its own project where they must be isolated.',
      ].join('\n'),
    ),
    resource('google_project_iam_member', 'ci', [
      attr('for_each', expr('local.ci_bindings')),
      blank(),
      attr('project', expr('var.project_id')),
      attr('role', expr('each.value.role')),
      attr(
        'member',
        expr('google_service_account.ci[each.value.environment].member'),
      ),
    ]),
    resource('google_storage_bucket_iam_member', 'ci_state', [
      attr('for_each', expr('toset(var.environments)')),
      blank(),
      attr('bucket', expr('google_storage_bucket.tfstate.name')),
      attr('role', 'roles/storage.objectUser'),
      attr('member', expr('google_service_account.ci[each.value].member')),
    ]),
    comment(
      [
        'Pull requests plan with a read-only identity: it can read state and every resource but change',
        'nothing, so plans run with -lock=false (taking the lock is a write).',
      ].join('\n'),
    ),
    resource('google_service_account', 'plan', [
      attr('project', expr('var.project_id')),
      attr('account_id', gcpPlanServiceAccountId(name)),
      attr('display_name', 'CI plan (read-only)'),
    ]),
    resource('google_service_account_iam_member', 'plan_workload_identity', [
      attr('service_account_id', expr('google_service_account.plan.name')),
      attr('role', 'roles/iam.workloadIdentityUser'),
      attr('member', expr(principal('pull_request'))),
    ]),
    resource('google_project_iam_member', 'plan', [
      attr('for_each', expr('toset(local.plan_roles)')),
      blank(),
      attr('project', expr('var.project_id')),
      attr('role', expr('each.value')),
      attr('member', expr('google_service_account.plan.member')),
    ]),
    resource('google_storage_bucket_iam_member', 'plan_state', [
      attr('bucket', expr('google_storage_bucket.tfstate.name')),
      attr('role', 'roles/storage.objectViewer'),
      attr('member', expr('google_service_account.plan.member')),
    ]),
  ];
}
