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
import type { Environment } from '../../spec/profiles';
import { environmentCompute } from '../../spec/computeTarget';
import { terraformVariable } from '../common/terraformVariable';
import { GCP_NODE_ROLES } from './gcpClusterModule';
import { gcpServices } from './gcpServices';
import {
  gcpCiServiceAccountId,
  gcpGithubPoolId,
  gcpPlanRoleId,
  gcpPlanServiceAccountId,
} from './gcpNames';

/**
 * Project roles of one environment's CI service account: what that environment's root creates
 * and what its deploy commands call. Each environment has its own project, so these roles reach
 * that environment only. A Kubernetes environment manages GKE (container.admin); a serverless one
 * Cloud Run instead (run.admin: the service, its revisions and traffic for `make deploy` and
 * `make rollback`, and the invoker setting). Granting project roles is not among them: see
 * {@link gcpGrantedProjectRoles}.
 */
export function gcpCiRoles(
  spec: StackSpec,
  environment: Environment,
): string[] {
  const kubernetes =
    environmentCompute(spec.spec, environment) === 'kubernetes';
  return [
    'roles/cloudkms.admin',
    'roles/compute.networkAdmin',
    // The ingress SSL policy (compute.sslPolicies.*), and Cloud Run's load balancer.
    'roles/compute.loadBalancerAdmin',
    kubernetes ? 'roles/container.admin' : 'roles/run.admin',
    'roles/iam.serviceAccountAdmin',
    // Deploying a Cloud Run revision (or a GKE node pool) acts as its service account.
    'roles/iam.serviceAccountUser',
    'roles/servicenetworking.networksAdmin',
    'roles/storage.admin',
    ...gcpServices(spec).flatMap(service => service.ciRoles ?? []),
    // The Docker Hub remote repository of the database role job (serverless environments).
    ...(!kubernetes && spec.spec.services.postgres
      ? ['roles/artifactregistry.admin']
      : []),
  ]
    .filter((role, index, roles) => roles.indexOf(role) === index)
    .sort();
}

/**
 * The project-level roles the environment roots grant (the node service account's roles and the
 * application's Cloud SQL roles). CI holds `roles/resourcemanager.projectIamAdmin` only under an
 * IAM condition that allows granting exactly these, so it can never make itself Owner.
 */
export function gcpGrantedProjectRoles(spec: StackSpec): string[] {
  return [
    ...GCP_NODE_ROLES,
    ...gcpServices(spec).flatMap(service => service.grantedRoles ?? []),
  ].sort();
}

/** Read-only roles of the plan service account: refresh every resource and read IAM policies. */
export const GCP_PLAN_ROLES = [
  'roles/iam.securityReviewer',
  'roles/viewer',
] as const;

/**
 * Permissions a plan needs beyond GCP_PLAN_ROLES: refreshing `google_redis_instance` with AUTH
 * on reads the AUTH string (hashicorp/terraform-provider-google#24784), which roles/viewer
 * lacks. The plan identity already reads the state, which holds that string, so this grants
 * nothing new.
 */
export function gcpPlanPermissions(spec: StackSpec): string[] {
  return gcpServices(spec).flatMap(service => service.planPermissions ?? []);
}

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

function principal(pool: string, subject: string): string {
  return `"principal://iam.googleapis.com/\${google_iam_workload_identity_pool.github[${pool}].name}/subject/\${local.subject_prefix}:${subject}"`;
}

/**
 * Workload Identity Federation for GitHub Actions, in every project of the stack: a pool and OIDC
 * provider restricted to the repository, one CI service account per environment in that
 * environment's project, trusted only from the matching GitHub environment, and a read-only plan
 * service account per project trusted for pull requests and main.
 */
export function gcpGithubIdentity(spec: StackSpec): HclBody {
  const name = spec.metadata.name;
  const ciAccountIds = Object.fromEntries(
    spec.spec.environments.map(environment => [
      environment,
      gcpCiServiceAccountId({ name, environment }),
    ]),
  );
  const planPermissions = gcpPlanPermissions(spec);
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
        attr(
          'ci_roles',
          Object.fromEntries(
            spec.spec.environments.map(environment => [
              environment,
              gcpCiRoles(spec, environment),
            ]),
          ),
        ),
        comment(
          [
            'The only project roles CI may grant: what the environment roots grant (node service account,',
            'Cloud SQL IAM user). Without this limit, roles/resourcemanager.projectIamAdmin could make',
            'the CI identity Owner of its project.',
          ].join('\n'),
        ),
        attr('grantable_roles', gcpGrantedProjectRoles(spec)),
        attr('plan_roles', [...GCP_PLAN_ROLES]),
        attr('ci_service_account_ids', ciAccountIds),
        attr(
          'ci_bindings',
          expr(
            'merge([\n    for environment, roles in local.ci_roles : {\n      for role in roles : "${environment} ${role}" => {\n        environment = environment\n        role        = role\n      }\n    }\n  ]...)',
          ),
        ),
        attr(
          'plan_bindings',
          expr(
            '{\n    for pair in setproduct(local.projects, local.plan_roles) : "${pair[0]} ${pair[1]}" => {\n      project = pair[0]\n      role    = pair[1]\n    }\n  }',
          ),
        ),
      ],
    ),
    comment(
      [
        'Workload Identity Federation: GitHub Actions exchanges its OIDC token for short-lived Google',
        'credentials, so no service account key exists anywhere. Each project trusts GitHub through',
        "its own pool, so no environment's CI rights reach another environment's trust settings. A",
        'deleted pool keeps its ID reserved for 30 days.',
      ].join('\n'),
    ),
    resource('google_iam_workload_identity_pool', 'github', [
      attr('for_each', expr('local.projects')),
      blank(),
      attr('project', expr('each.value')),
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
      attr('for_each', expr('google_iam_workload_identity_pool.github')),
      blank(),
      attr('project', expr('each.key')),
      attr(
        'workload_identity_pool_id',
        expr('each.value.workload_identity_pool_id'),
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
      [
        "One CI identity per environment, in that environment's project, usable only by jobs running",
        'in the matching GitHub environment.',
      ].join('\n'),
    ),
    resource('google_service_account', 'ci', [
      attr('for_each', expr('var.projects')),
      blank(),
      attr('project', expr('each.value')),
      attr('account_id', expr('local.ci_service_account_ids[each.key]')),
      attr('display_name', expr('"CI apply ${each.key}"')),
    ]),
    resource('google_service_account_iam_member', 'ci_workload_identity', [
      attr('for_each', expr('var.projects')),
      blank(),
      attr(
        'service_account_id',
        expr('google_service_account.ci[each.key].name'),
      ),
      attr('role', 'roles/iam.workloadIdentityUser'),
      attr('member', expr(principal('each.value', 'environment:${each.key}'))),
    ]),
    comment("What the environment roots create, in the environment's project."),
    resource('google_project_iam_member', 'ci', [
      attr('for_each', expr('local.ci_bindings')),
      blank(),
      attr('project', expr('var.projects[each.value.environment]')),
      attr('role', expr('each.value.role')),
      attr(
        'member',
        expr('google_service_account.ci[each.value.environment].member'),
      ),
    ]),
    comment(
      [
        'Granting project roles, limited to local.grantable_roles by an IAM condition',
        '(iam.googleapis.com/modifiedGrantsByRole).',
      ].join('\n'),
    ),
    resource('google_project_iam_member', 'ci_grant_roles', [
      attr('for_each', expr('var.projects')),
      blank(),
      attr('project', expr('each.value')),
      attr('role', 'roles/resourcemanager.projectIamAdmin'),
      attr('member', expr('google_service_account.ci[each.key].member')),
      blank(),
      block(
        'condition',
        [],
        [
          attr('title', 'Only the roles the environment grants'),
          attr(
            'expression',
            expr(
              '"api.getAttribute(\'iam.googleapis.com/modifiedGrantsByRole\', []).hasOnly(${jsonencode(local.grantable_roles)})"',
            ),
          ),
        ],
      ),
    ]),
    resource('google_storage_bucket_iam_member', 'ci_state', [
      attr('for_each', expr('var.projects')),
      blank(),
      attr('bucket', expr('google_storage_bucket.tfstate[each.value].name')),
      attr('role', 'roles/storage.objectUser'),
      attr('member', expr('google_service_account.ci[each.key].member')),
    ]),
    comment(
      [
        'Plans run with a read-only identity per project (pull requests, and main before each apply):',
        'it can read state and every resource but change nothing, so plans run with -lock=false',
        '(taking the lock is a write).',
      ].join('\n'),
    ),
    resource('google_service_account', 'plan', [
      attr('for_each', expr('local.projects')),
      blank(),
      attr('project', expr('each.value')),
      attr('account_id', gcpPlanServiceAccountId(name)),
      attr('display_name', 'CI plan (read-only)'),
    ]),
    resource('google_service_account_iam_member', 'plan_workload_identity', [
      attr('for_each', expr('local.projects')),
      blank(),
      attr(
        'service_account_id',
        expr('google_service_account.plan[each.value].name'),
      ),
      attr('role', 'roles/iam.workloadIdentityUser'),
      attr('member', expr(principal('each.value', 'pull_request'))),
    ]),
    comment(
      'The apply workflow plans each environment on main with it too, before the approval to apply.',
    ),
    resource(
      'google_service_account_iam_member',
      'plan_workload_identity_main',
      [
        attr('for_each', expr('local.projects')),
        blank(),
        attr(
          'service_account_id',
          expr('google_service_account.plan[each.value].name'),
        ),
        attr('role', 'roles/iam.workloadIdentityUser'),
        attr('member', expr(principal('each.value', 'ref:refs/heads/main'))),
      ],
    ),
    resource('google_project_iam_member', 'plan', [
      attr('for_each', expr('local.plan_bindings')),
      blank(),
      attr('project', expr('each.value.project')),
      attr('role', expr('each.value.role')),
      attr(
        'member',
        expr('google_service_account.plan[each.value.project].member'),
      ),
    ]),
    planPermissions.length > 0 && [
      comment(
        [
          'Refreshing a Memorystore instance with AUTH on reads its AUTH string, which roles/viewer',
          'lacks (hashicorp/terraform-provider-google#24784). The plan identity already reads the',
          'state, which holds that string, so this adds no access. A deleted custom role keeps its ID',
          'for 37 days.',
        ].join('\n'),
      ),
      resource('google_project_iam_custom_role', 'plan', [
        attr('for_each', expr('local.projects')),
        blank(),
        attr('project', expr('each.value')),
        attr('role_id', gcpPlanRoleId(name)),
        attr('title', 'Terraform plan reads'),
        attr(
          'description',
          'What a read-only Terraform plan needs beyond roles/viewer.',
        ),
        attr('permissions', planPermissions),
      ]),
      resource('google_project_iam_member', 'plan_custom', [
        attr('for_each', expr('google_project_iam_custom_role.plan')),
        blank(),
        attr('project', expr('each.key')),
        attr('role', expr('each.value.name')),
        attr('member', expr('google_service_account.plan[each.key].member')),
      ]),
    ],
    resource('google_storage_bucket_iam_member', 'plan_state', [
      attr('for_each', expr('local.projects')),
      blank(),
      attr('bucket', expr('google_storage_bucket.tfstate[each.value].name')),
      attr('role', 'roles/storage.objectViewer'),
      attr('member', expr('google_service_account.plan[each.value].member')),
    ]),
  ];
}
