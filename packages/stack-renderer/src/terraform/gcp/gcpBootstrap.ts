import { GCP_BUDGET_FILE, gcpBudgetFile } from './gcpBudget';
import { budgetFile } from '../common/stackBudget';
import {
  attr,
  blank,
  block,
  comment,
  data,
  expr,
  resource,
  writeHcl,
  type HclBody,
  type HclValue,
} from '../../hcl/hcl';
import { gcpStateBucket } from '../../naming';
import { gcpProject, gcpProjects } from '../../spec/gcpProject';
import { ENVIRONMENTS } from '../../spec/profiles';
import { environmentCompute } from '../../spec/computeTarget';
import type { StackSpec } from '../../spec/stackSpec';
import { stackTags } from '../../tags';
import type { FileTree } from '../../types';
import { terraformOutput } from '../common/terraformOutput';
import { terraformVariable } from '../common/terraformVariable';
import { bootstrapTeardownVariable } from '../common/teardownVariable';
import { gcpGithubIdentity, gcpGithubVariables } from './gcpGithubIdentity';
import { terraformSettings } from '../common/terraformSettings';
import { gcpServices } from './gcpServices';
import {
  GCP_BILLING_FILE,
  gcpBillingFile,
  gcpBillingLocation,
  gcpBillingProject,
} from './gcpBilling';

/** Path of the GCP bootstrap root module. */
export const GCP_BOOTSTRAP_PATH = 'infra/bootstrap/gcp';

/** APIs the environment roots use, enabled here in every project of the stack. */
export function gcpProjectServices(spec: StackSpec): string[] {
  const serverless = spec.spec.environments.some(
    environment => environmentCompute(spec.spec, environment) !== 'kubernetes',
  );
  return [
    'binaryauthorization.googleapis.com',
    'cloudkms.googleapis.com',
    'cloudresourcemanager.googleapis.com',
    'compute.googleapis.com',
    'container.googleapis.com',
    ...(serverless ? ['run.googleapis.com'] : []),
    'iam.googleapis.com',
    'iamcredentials.googleapis.com',
    'logging.googleapis.com',
    'monitoring.googleapis.com',
    'servicenetworking.googleapis.com',
    'storage.googleapis.com',
    'sts.googleapis.com',
    ...gcpServices(spec).flatMap(service => service.apis ?? []),
    // The database role job of serverless environments pulls psql through Artifact Registry.
    ...(spec.spec.services.postgres && serverless
      ? ['artifactregistry.googleapis.com']
      : []),
  ]
    .filter((api, index, apis) => apis.indexOf(api) === index)
    .sort();
}

/** Project APIs and one versioned, KMS-encrypted, private Terraform state bucket per project. */
function stateStorage(spec: StackSpec): HclBody {
  const name = spec.metadata.name;
  const stateBuckets = Object.fromEntries(
    gcpProjects(spec).map(projectId => [
      projectId,
      gcpStateBucket({ projectId, name }),
    ]),
  );
  return [
    block(
      'locals',
      [],
      [
        attr('services', gcpProjectServices(spec)),
        comment(
          [
            'Each environment has its own project (a stack without prod may share one): its APIs, its',
            'state bucket and its GitHub trust live there, so nothing of one environment is reachable',
            "with another environment's CI rights.",
          ].join('\n'),
        ),
        attr('projects', expr('toset(values(var.projects))')),
        attr(
          'project_services',
          expr(
            '{\n    for pair in setproduct(local.projects, local.services) : "${pair[0]} ${pair[1]}" => {\n      project = pair[0]\n      service = pair[1]\n    }\n  }',
          ),
        ),
        attr('state_buckets', stateBuckets),
      ],
    ),
    comment(
      'The APIs stay enabled on destroy: other workloads in the projects may use them.',
    ),
    resource('google_project_service', 'this', [
      attr('for_each', expr('local.project_services')),
      blank(),
      attr('project', expr('each.value.project')),
      attr('service', expr('each.value.service')),
      attr('disable_on_destroy', false),
    ]),
    data('google_storage_project_service_account', 'this', [
      attr('for_each', expr('local.projects')),
      blank(),
      attr('project', expr('each.value')),
      blank(),
      attr('depends_on', [expr('google_project_service.this')]),
    ]),
    comment(
      'State holds secrets (e.g. the Redis AUTH string), so it is encrypted with a key of its project.',
    ),
    resource('google_kms_key_ring', 'tfstate', [
      attr('for_each', expr('local.projects')),
      blank(),
      attr('project', expr('each.value')),
      attr('name', `${name}-tfstate`),
      attr('location', expr('var.region')),
      blank(),
      attr('depends_on', [expr('google_project_service.this')]),
    ]),
    resource('google_kms_crypto_key', 'tfstate', [
      attr('for_each', expr('google_kms_key_ring.tfstate')),
      blank(),
      attr('name', 'tfstate'),
      attr('key_ring', expr('each.value.id')),
      attr('purpose', 'ENCRYPT_DECRYPT'),
      attr('rotation_period', '7776000s'),
      attr('labels', expr('var.labels')),
    ]),
    resource('google_kms_crypto_key_iam_member', 'tfstate', [
      attr('for_each', expr('google_kms_crypto_key.tfstate')),
      blank(),
      attr('crypto_key_id', expr('each.value.id')),
      attr('role', 'roles/cloudkms.cryptoKeyEncrypterDecrypter'),
      attr(
        'member',
        expr(
          'data.google_storage_project_service_account.this[each.key].member',
        ),
      ),
    ]),
    resource('google_storage_bucket', 'tfstate', [
      attr('for_each', expr('local.projects')),
      blank(),
      attr('project', expr('each.value')),
      attr('name', expr('local.state_buckets[each.value]')),
      attr('location', expr('upper(var.region)')),
      attr('storage_class', 'STANDARD'),
      attr('labels', expr('var.labels')),
      blank(),
      attr('uniform_bucket_level_access', true),
      attr('public_access_prevention', 'enforced'),
      comment(
        [
          "The guard of every environment's state: destroy stops at this bucket while it holds state",
          'versions (and the key above outlives it). make bootstrap-destroy lifts it (-var teardown=true)',
          'once the environments are gone.',
        ].join('\n'),
      ),
      attr('force_destroy', expr('var.teardown')),
      blank(),
      comment(
        'Every state write is a new object version, so a bad apply can be rolled back.',
      ),
      block('versioning', [], [attr('enabled', true)]),
      block(
        'encryption',
        [],
        [
          attr(
            'default_kms_key_name',
            expr('google_kms_crypto_key.tfstate[each.value].id'),
          ),
        ],
      ),
      blank(),
      comment(
        'Old state versions are deleted only when 90 days old and ten newer versions exist.',
      ),
      block(
        'lifecycle_rule',
        [],
        [
          block(
            'condition',
            [],
            [
              attr('days_since_noncurrent_time', 90),
              attr('num_newer_versions', 10),
            ],
          ),
          block('action', [], [attr('type', 'Delete')]),
        ],
      ),
      blank(),
      attr('depends_on', [expr('google_kms_crypto_key_iam_member.tfstate')]),
    ]),
  ];
}

/**
 * The GCP bootstrap root module (infra/bootstrap/gcp), applied once by a person with Owner on
 * every project of the stack: project APIs, a Terraform state bucket per project, and Workload
 * Identity Federation for GitHub Actions with one CI service account per environment in its
 * environment's project plus a read-only plan service account per project; and the billing
 * dataset with the FOCUS view Backstage reads (billing.tf).
 */
export function gcpBootstrap(spec: StackSpec): FileTree {
  const environments = spec.spec.environments;
  // Shared by every environment, so the bootstrap resources carry no environment label.
  const labels = Object.fromEntries(
    Object.entries(stackTags({ spec, environment: environments[0] })).filter(
      ([key]) => key !== 'environment',
    ),
  );
  const projects = Object.fromEntries(
    environments.map(environment => [
      environment,
      gcpProject({ spec, environment }),
    ]),
  );

  const versions = [
    comment(
      [
        'Bootstrap keeps its own state locally (terraform.tfstate next to this file): it creates the',
        'buckets every other root module stores its state in. Keep that file safe, or move it into a',
        'bucket afterwards with a backend "gcs" block (prefix "bootstrap/gcp") and terraform init -migrate-state.',
      ].join('\n'),
    ),
    terraformSettings('gcp'),
    comment(
      'Every resource names its project; the provider has no default project on purpose.',
    ),
    block(
      'provider',
      ['google'],
      [
        attr('region', expr('var.region')),
        attr('default_labels', expr('var.labels')),
      ],
    ),
  ];

  const variables = [
    terraformVariable({
      name: 'projects',
      type: 'map(string)',
      description:
        'GCP project of each environment (one GitHub environment and CI service account each).',
      validations: [
        {
          condition: `alltrue([for environment, project in var.projects : contains([${ENVIRONMENTS.map(
            env => `"${env}"`,
          ).join(
            ', ',
          )}], environment) && can(regex("^[a-z][-a-z0-9]{4,28}[a-z0-9]$", project))])`,
          message: `projects must map environments (${ENVIRONMENTS.join(
            ', ',
          )}) to GCP project IDs.`,
        },
        {
          condition:
            '!contains(keys(var.projects), "prod") || alltrue([for environment, project in var.projects : environment == "prod" || project != var.projects["prod"]])',
          message:
            'prod needs a project of its own: every GKE cluster in a project shares one workload identity pool.',
        },
      ],
    }),
    terraformVariable({
      name: 'region',
      type: 'string',
      description: 'Region of the state buckets and their keys.',
    }),
    gcpGithubVariables(),
    terraformVariable({
      name: 'labels',
      type: 'map(string)',
      description: 'Attribution labels of the bootstrap resources.',
    }),
    bootstrapTeardownVariable(),
  ];

  const main = [stateStorage(spec), gcpGithubIdentity(spec)];

  const outputs = [
    terraformOutput({
      name: 'gcp_workload_identity_provider',
      description:
        "OIDC provider of each environment's project, for google-github-actions/auth (GCP_WORKLOAD_IDENTITY_PROVIDER of each GitHub environment).",
      value:
        '{ for environment, project in var.projects : environment => google_iam_workload_identity_pool_provider.github[project].name }',
    }),
    terraformOutput({
      name: 'gcp_service_account',
      description:
        'CI service account per environment (GCP_SERVICE_ACCOUNT of each GitHub environment).',
      value:
        '{ for environment, account in google_service_account.ci : environment => account.email }',
    }),
    terraformOutput({
      name: 'gcp_plan_identities',
      description:
        "Read-only plan identity of each environment's project as JSON (repository variable GCP_PLAN_IDENTITIES).",
      value:
        'jsonencode({ for environment, project in var.projects : environment => { workload_identity_provider = google_iam_workload_identity_pool_provider.github[project].name, service_account = google_service_account.plan[project].email } })',
    }),
    terraformOutput({
      name: 'tf_state_bucket',
      description: 'State bucket of each environment.',
      value:
        '{ for environment, project in var.projects : environment => google_storage_bucket.tfstate[project].name }',
    }),
  ];

  const values: Array<[string, HclValue]> = [
    ['projects', projects],
    ['region', spec.spec.regions.gcp ?? ''],
    ['labels', labels],
    ['billing_project', gcpBillingProject(spec)],
    [
      'billing_dataset_location',
      gcpBillingLocation(spec.spec.regions.gcp ?? ''),
    ],
  ];
  const tfvars = [
    values.map(([key, value]) => attr(key, value)),
    blank(),
    comment(
      [
        'Also required: github_owner, github_owner_id, github_repository and github_repository_id.',
        "The IDs exist once the repository does: gh api repos/<owner>/<repository> --jq '.owner.id, .id'.",
      ].join('\n'),
    ),
  ];

  return {
    [`${GCP_BOOTSTRAP_PATH}/versions.tf`]: writeHcl(versions),
    [`${GCP_BOOTSTRAP_PATH}/variables.tf`]: writeHcl(variables),
    [`${GCP_BOOTSTRAP_PATH}/main.tf`]: writeHcl(main),
    [`${GCP_BOOTSTRAP_PATH}/outputs.tf`]: writeHcl(outputs),
    [`${GCP_BOOTSTRAP_PATH}/${GCP_BILLING_FILE}`]: gcpBillingFile(
      spec.metadata.name,
    ),
    ...budgetFile(
      `${GCP_BOOTSTRAP_PATH}/${GCP_BUDGET_FILE}`,
      gcpBudgetFile(spec),
    ),
    [`${GCP_BOOTSTRAP_PATH}/terraform.tfvars`]: writeHcl(tfvars),
  };
}
