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
import { ENVIRONMENTS } from '../../spec/profiles';
import type { StackSpec } from '../../spec/stackSpec';
import { stackTags } from '../../tags';
import type { FileTree } from '../../types';
import { terraformOutput } from '../common/terraformOutput';
import { terraformVariable } from '../common/terraformVariable';
import { gcpGithubIdentity, gcpGithubVariables } from './gcpGithubIdentity';
import { gcpTerraformSettings } from './gcpTerraformBlocks';

/** Path of the GCP bootstrap root module. */
export const GCP_BOOTSTRAP_PATH = 'infra/bootstrap/gcp';

/** APIs the environment roots use, enabled once per project here (all environments share the project). */
export function gcpProjectServices(spec: StackSpec): string[] {
  const { services } = spec.spec;
  return [
    'binaryauthorization.googleapis.com',
    'cloudkms.googleapis.com',
    'cloudresourcemanager.googleapis.com',
    'compute.googleapis.com',
    'container.googleapis.com',
    'iam.googleapis.com',
    'iamcredentials.googleapis.com',
    'logging.googleapis.com',
    'monitoring.googleapis.com',
    'servicenetworking.googleapis.com',
    'storage.googleapis.com',
    'sts.googleapis.com',
    ...(services.postgres ? ['sqladmin.googleapis.com'] : []),
    ...(services.redis ? ['redis.googleapis.com'] : []),
    ...(services.registry ? ['artifactregistry.googleapis.com'] : []),
  ].sort();
}

/** Project APIs and the versioned, KMS-encrypted, private Terraform state bucket. */
function stateStorage(spec: StackSpec): HclBody {
  const projectId = spec.spec.gcp?.projectId ?? '';
  const name = spec.metadata.name;
  return [
    block('locals', [], [attr('services', gcpProjectServices(spec))]),
    comment(
      [
        'Every environment of the stack lives in this one project, so its APIs are enabled once, here.',
        'They stay enabled on destroy: other workloads in the project may use them.',
      ].join('\n'),
    ),
    resource('google_project_service', 'this', [
      attr('for_each', expr('toset(local.services)')),
      blank(),
      attr('project', expr('var.project_id')),
      attr('service', expr('each.value')),
      attr('disable_on_destroy', false),
    ]),
    data('google_storage_project_service_account', 'this', [
      attr('project', expr('var.project_id')),
      blank(),
      attr('depends_on', [expr('google_project_service.this')]),
    ]),
    comment(
      'State holds secrets (e.g. the Redis AUTH string), so it is encrypted with a key of this project.',
    ),
    resource('google_kms_key_ring', 'tfstate', [
      attr('project', expr('var.project_id')),
      attr('name', `${name}-tfstate`),
      attr('location', expr('var.region')),
      blank(),
      attr('depends_on', [expr('google_project_service.this')]),
    ]),
    resource('google_kms_crypto_key', 'tfstate', [
      attr('name', 'tfstate'),
      attr('key_ring', expr('google_kms_key_ring.tfstate.id')),
      attr('purpose', 'ENCRYPT_DECRYPT'),
      attr('rotation_period', '7776000s'),
      attr('labels', expr('var.labels')),
      blank(),
      block('lifecycle', [], [attr('prevent_destroy', true)]),
    ]),
    resource('google_kms_crypto_key_iam_member', 'tfstate', [
      attr('crypto_key_id', expr('google_kms_crypto_key.tfstate.id')),
      attr('role', 'roles/cloudkms.cryptoKeyEncrypterDecrypter'),
      attr(
        'member',
        expr('data.google_storage_project_service_account.this.member'),
      ),
    ]),
    resource('google_storage_bucket', 'tfstate', [
      attr('project', expr('var.project_id')),
      attr('name', gcpStateBucket({ projectId, name })),
      attr('location', expr('upper(var.region)')),
      attr('storage_class', 'STANDARD'),
      attr('labels', expr('var.labels')),
      blank(),
      attr('uniform_bucket_level_access', true),
      attr('public_access_prevention', 'enforced'),
      attr('force_destroy', false),
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
            expr('google_kms_crypto_key.tfstate.id'),
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
      comment("Losing the bucket loses every environment's state."),
      block('lifecycle', [], [attr('prevent_destroy', true)]),
      blank(),
      attr('depends_on', [expr('google_kms_crypto_key_iam_member.tfstate')]),
    ]),
  ];
}

/**
 * The GCP bootstrap root module (infra/bootstrap/gcp), applied once by a person with Owner on the
 * project: project APIs, the Terraform state bucket, and Workload Identity Federation for GitHub
 * Actions with one CI service account per environment plus a read-only plan service account.
 */
export function gcpBootstrap(spec: StackSpec): FileTree {
  const projectId = spec.spec.gcp?.projectId ?? '';
  const environments = spec.spec.environments;
  // Shared by every environment, so the bootstrap resources carry no environment label.
  const labels = Object.fromEntries(
    Object.entries(stackTags({ spec, environment: environments[0] })).filter(
      ([key]) => key !== 'environment',
    ),
  );

  const versions = [
    comment(
      [
        'Bootstrap keeps its own state locally (terraform.tfstate next to this file): it creates the',
        'bucket every other root module stores its state in. Keep that file safe, or move it into the',
        'bucket afterwards with a backend "gcs" block (prefix "bootstrap/gcp") and terraform init -migrate-state.',
      ].join('\n'),
    ),
    gcpTerraformSettings(),
    block(
      'provider',
      ['google'],
      [
        attr('project', expr('var.project_id')),
        attr('region', expr('var.region')),
        attr('default_labels', expr('var.labels')),
      ],
    ),
  ];

  const variables = [
    terraformVariable({
      name: 'project_id',
      type: 'string',
      description: 'GCP project of the stack.',
      validations: [
        {
          condition:
            'can(regex("^[a-z][-a-z0-9]{4,28}[a-z0-9]$", var.project_id))',
          message:
            'project_id must be a GCP project ID: 6 to 30 lowercase letters, digits or hyphens.',
        },
      ],
    }),
    terraformVariable({
      name: 'region',
      type: 'string',
      description: 'Region of the state bucket and its key.',
    }),
    terraformVariable({
      name: 'environments',
      type: 'list(string)',
      description:
        'Environments that get a CI service account (one GitHub environment each).',
      validations: [
        {
          condition: `alltrue([for environment in var.environments : contains([${ENVIRONMENTS.map(
            env => `"${env}"`,
          ).join(', ')}], environment)])`,
          message: `environments must be drawn from ${ENVIRONMENTS.join(
            ', ',
          )}.`,
        },
      ],
    }),
    gcpGithubVariables(),
    terraformVariable({
      name: 'labels',
      type: 'map(string)',
      description: 'Attribution labels of the bootstrap resources.',
    }),
  ];

  const main = [stateStorage(spec), gcpGithubIdentity(spec)];

  const outputs = [
    terraformOutput({
      name: 'gcp_workload_identity_provider',
      description:
        'Full name of the OIDC provider, for google-github-actions/auth (GCP_WORKLOAD_IDENTITY_PROVIDER).',
      value: 'google_iam_workload_identity_pool_provider.github.name',
    }),
    terraformOutput({
      name: 'gcp_service_account',
      description:
        'CI service account per environment (GCP_SERVICE_ACCOUNT of each GitHub environment).',
      value:
        '{ for environment, account in google_service_account.ci : environment => account.email }',
    }),
    terraformOutput({
      name: 'gcp_plan_service_account',
      description: 'Read-only service account for pull request plans.',
      value: 'google_service_account.plan.email',
    }),
    terraformOutput({
      name: 'tf_state_bucket',
      description: 'Bucket of the Terraform state.',
      value: 'google_storage_bucket.tfstate.name',
    }),
  ];

  const values: Array<[string, HclValue]> = [
    ['project_id', projectId],
    ['region', spec.spec.regions.gcp ?? ''],
    ['environments', [...environments]],
    ['labels', labels],
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
    [`${GCP_BOOTSTRAP_PATH}/terraform.tfvars`]: writeHcl(tfvars),
  };
}
