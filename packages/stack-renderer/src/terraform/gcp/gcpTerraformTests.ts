import { appNamespace, appServiceAccount } from '../../naming';
import type { StackSpec } from '../../spec/stackSpec';
import type { FileTree } from '../../types';
import {
  githubVariables,
  mockProvider,
  planRun,
  terraformTestFile,
} from '../common/terraformTestFile';
import { environmentPath } from '../common/environmentRoot';
import type { GcpEnvironment } from './gcpService';
import { cloudRunAppVariable } from './gcpServerlessRoot';
import { runsKubernetes } from '../../spec/computeTarget';
import type { HclValue } from '../../hcl/hcl';
import { gcpServices } from './gcpServices';
import { GCP_BOOTSTRAP_PATH } from './gcpBootstrap';

/** What the mocked Cloud Storage service agent looks like (IAM members are validated). */
const STORAGE_AGENT = {
  email_address:
    'service-123456789012@gs-project-accounts.iam.gserviceaccount.com',
  member:
    'serviceAccount:service-123456789012@gs-project-accounts.iam.gserviceaccount.com',
};

/** `infra/envs/<env>/gcp/tests/environment.tftest.hcl`. */
export function gcpEnvironmentTests(context: GcpEnvironment): FileTree {
  const { spec, environment } = context;
  const name = spec.metadata.name;
  // A patch release of the requested minor, as GKE's server config lists it.
  const offered = `${spec.spec.cluster.kubernetesVersion}.5-gke.1000`;
  const body = [
    mockProvider({
      provider: 'google',
      data: {
        google_project: { number: '123456789012' },
        google_storage_project_service_account: STORAGE_AGENT,
        google_container_engine_versions: {
          valid_master_versions: [offered],
          release_channel_default_version: { REGULAR: offered },
          release_channel_latest_version: { REGULAR: offered },
        },
      },
    }),
    runsKubernetes(context.resolved)
      ? workloadIdentityRun(name)
      : cloudRunScalingRun(context),
  ];
  return {
    [`${environmentPath({
      environment,
      cloud: 'gcp',
    })}/tests/environment.tftest.hcl`]: terraformTestFile({
      what: runsKubernetes(context.resolved)
        ? `Behaviour of the ${environment} GCP root: the application identity is this environment's alone.`
        : `Behaviour of the ${environment} GCP root: the Cloud Run scaling bounds are checked before any API call.`,
      body,
    }),
  };
}

/** The app service account trusts only this project's workload pool and the app's ServiceAccount. */
function workloadIdentityRun(name: string) {
  return planRun({
    name: 'workload_identity_binds_this_projects_service_account',
    why: [
      "Each environment's cluster has its project's own workload pool, and the binding names the",
      "application's real Kubernetes ServiceAccount.",
    ].join(' '),
    asserts: [
      {
        condition: `module.cluster.app_workload_identity_member == "serviceAccount:\${var.project_id}.svc.id.goog[${appNamespace(
          name,
        )}/${appServiceAccount(name)}]"`,
        message:
          "The app service account must trust only this project's pool and the app's ServiceAccount.",
      },
    ],
  });
}

/** A Cloud Run minimum above its maximum is refused by the root's validation, before any API call. */
function cloudRunScalingRun(context: GcpEnvironment) {
  const app = cloudRunAppVariable(context);
  const value = app.value as Record<string, HclValue>;
  return planRun({
    name: 'cloud_run_refuses_a_minimum_above_the_maximum',
    why: 'min_instances above max_instances would never deploy: the root refuses it with a message.',
    variables: {
      app: { ...value, min_instances: 5, max_instances: 2 },
    },
    expectFailures: ['var.app'],
  });
}

/** `infra/bootstrap/gcp/tests/bootstrap.tftest.hcl`. */
export function gcpBootstrapTests(spec: StackSpec): FileTree {
  const { environments } = spec.spec;
  const hasProd = environments.includes('prod');
  const other = environments.find(environment => environment !== 'prod');
  const body = [
    mockProvider({
      provider: 'google',
      data: { google_storage_project_service_account: STORAGE_AGENT },
    }),
    githubVariables(),
    planRun({
      name: 'each_environment_is_trusted_in_its_own_project',
      why: 'CI identities, their rights and the GitHub trust live in the project of their environment.',
      asserts: [
        {
          condition:
            'alltrue([for environment, account in google_service_account.ci : account.project == var.projects[environment]])',
          message:
            "Each CI service account must live in its environment's project.",
        },
        {
          condition:
            'alltrue([for project, bucket in google_storage_bucket.tfstate : bucket.project == project])',
          message:
            "Each project must keep its environments' state in a bucket of its own.",
        },
      ],
    }),
    planRun({
      name: 'ci_cannot_make_itself_owner',
      why: 'Granting project roles is limited by an IAM condition to the roles the roots grant.',
      asserts: [
        {
          condition:
            'alltrue([for binding in google_project_iam_member.ci : binding.role != "roles/resourcemanager.projectIamAdmin"])',
          message:
            'projectIamAdmin must never be granted without its condition.',
        },
        {
          condition:
            'alltrue([for binding in google_project_iam_member.ci_grant_roles : strcontains(binding.condition[0].expression, "iam.googleapis.com/modifiedGrantsByRole")])',
          message:
            'projectIamAdmin must be limited to the roles the roots grant.',
        },
      ],
    }),
    planRun({
      name: 'state_buckets_guard_their_state',
      why: 'A destroy stops at a state bucket while it holds state versions.',
      asserts: [
        {
          condition:
            'alltrue([for bucket in google_storage_bucket.tfstate : !bucket.force_destroy])',
          message:
            "Without the teardown, destroy must not delete an environment's state.",
        },
      ],
    }),
    planRun({
      name: 'teardown_empties_the_state_buckets',
      why: 'make bootstrap-destroy applies -var teardown=true first: then the buckets go with every version.',
      variables: { teardown: true },
      asserts: [
        {
          condition:
            'alltrue([for bucket in google_storage_bucket.tfstate : bucket.force_destroy])',
          message: 'The teardown must let destroy empty the state buckets.',
        },
      ],
    }),
    gcpServices(spec).map(service => service.bootstrapTests),
    hasProd &&
      other &&
      planRun({
        name: 'prod_never_shares_a_project',
        why: 'Every GKE cluster in a project shares its workload pool: prod needs a project of its own.',
        variables: {
          projects: Object.fromEntries(
            environments.map(environment => [environment, 'acme-shared']),
          ),
        },
        expectFailures: ['var.projects'],
      }),
  ];
  return {
    [`${GCP_BOOTSTRAP_PATH}/tests/bootstrap.tftest.hcl`]: terraformTestFile({
      what: 'Behaviour of the GCP bootstrap: a project, a trust and a state bucket per environment.',
      body,
    }),
  };
}
