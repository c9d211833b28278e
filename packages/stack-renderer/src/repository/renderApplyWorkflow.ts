import { ingressHasTls } from '../kustomize/appIngress';
import type { Environment } from '../spec/profiles';
import type { Cloud } from '../spec/regions';
import { catalogRegistrationSteps } from './catalogRegistrationTarget';
import { databaseUserClouds } from './databaseUserTarget';
import { grafanaDashboardClouds } from './grafanaDashboardTarget';
import type { StackSpec } from '../spec/stackSpec';
import {
  deploymentTargets,
  stackClouds,
  stackEnvironments,
} from '../spec/deploymentTargets';
import {
  BUILD_JOB,
  BUILD_REGISTRY_LOGIN_SCRIPT,
  buildImageJob,
  buildOutput,
} from './buildImageJob';
import { actionRef } from './githubActions';
import { runsKubernetes } from '../spec/computeTarget';
import { PLAN_SUMMARY_SCRIPT } from './renderPlanWorkflow';
import {
  checkoutStep,
  cloudLoginSteps,
  githubExpression,
  matrixInclude,
  setupKubectlStep,
  setupTerraformStep,
  terraformJobEnvironment,
  workflowFile,
  type WorkflowStep,
} from './workflowSteps';

/** Writes the cluster's name, region (and on GCP location and project) as outputs of step `cluster`. */
export const CLUSTER_OUTPUTS_SCRIPT = `root="infra/envs/$ENVIRONMENT/$CLOUD"
cluster="$(terraform -chdir="$root" output -raw cluster_name)"
echo "name=$cluster" >> "$GITHUB_OUTPUT"
region="$(terraform -chdir="$root" output -raw region)"
echo "region=$region" >> "$GITHUB_OUTPUT"
if [ "$CLOUD" = gcp ]; then
  # Zonal clusters (environments without high availability) live in a zone, not the region.
  echo "location=$(terraform -chdir="$root" output -raw cluster_location 2> /dev/null || echo "$region")" >> "$GITHUB_OUTPUT"
  echo "project=$(terraform -chdir="$root" output -raw project_id)" >> "$GITHUB_OUTPUT"
fi
`;

const SESSION_MANAGER_PLUGIN_SCRIPT = `if ! command -v session-manager-plugin > /dev/null; then
  curl --fail --silent --show-error --location --output "$RUNNER_TEMP/session-manager-plugin.deb" \\
    https://s3.amazonaws.com/session-manager-downloads/plugin/latest/ubuntu_64bit/session-manager-plugin.deb
  sudo dpkg --install "$RUNNER_TEMP/session-manager-plugin.deb"
fi
`;

/** The Terraform root and the plan file of the matrix target. */
const TF_ROOT = 'infra/envs/${{ matrix.environment }}/${{ matrix.cloud }}';
const PLAN_ARTIFACT = 'plan-${{ matrix.environment }}-${{ matrix.cloud }}';

/** `make <target> ENV="$ENVIRONMENT" CLOUD="$CLOUD"`. */
const make = (target: string, extra = '') =>
  `make ${target} ENV="$ENVIRONMENT" CLOUD="$CLOUD"${extra}`;

/**
 * Steps that give this job a path to the cluster of the matrix cloud, whose API endpoint is
 * private on every cloud: EKS through the SSM relay of the cluster-access module, GKE through its
 * DNS-based endpoint (IAM-authenticated), AKS needs none (az aks command invoke, in the Makefile).
 */
export function clusterAccessSteps(spec: StackSpec): WorkflowStep[] {
  const steps: Record<Cloud, WorkflowStep[]> = {
    aws: [
      {
        name: 'Install the Session Manager plugin of the AWS CLI',
        if: "matrix.cloud == 'aws'",
        // AWS's documented package for Debian/Ubuntu; skipped when the runner image has it.
        run: SESSION_MANAGER_PLUGIN_SCRIPT,
      },
      {
        name: 'Open the SSM tunnel to the private EKS endpoint',
        if: "matrix.cloud == 'aws'",
        run: make('k8s-tunnel'),
      },
      ...(ingressHasTls(spec)
        ? [
            {
              name: 'Write the ACM certificate ARN into the overlay',
              if: "matrix.cloud == 'aws'",
              run: make('k8s-certificate'),
            },
          ]
        : []),
    ],
    gcp: [
      {
        name: 'Get GKE credentials (DNS-based endpoint)',
        if: "matrix.cloud == 'gcp'",
        uses: actionRef('gkeCredentials'),
        with: {
          cluster_name: githubExpression('steps.cluster.outputs.name'),
          location: githubExpression('steps.cluster.outputs.location'),
          project_id: githubExpression('steps.cluster.outputs.project'),
          // The DNS-based endpoint admits IAM-authenticated callers while the IP endpoint stays private.
          use_dns_based_endpoint: 'true',
        },
      },
      healthReaderStep('gcp'),
    ],
    azure: [
      {
        name: 'Write the workload identity client ID into the overlay',
        if: "matrix.cloud == 'azure'",
        run: make('k8s-identity'),
      },
      healthReaderStep('azure'),
    ],
  };
  return stackClouds(spec).flatMap(cloud => steps[cloud]);
}

/**
 * GKE and AKS: Backstage's identity into the health reader RBAC of the platform directory before
 * it is applied (make catalog-registration also writes the cluster Resource's registration,
 * which the step after the deploy checks is committed).
 */
function healthReaderStep(cloud: 'gcp' | 'azure'): WorkflowStep {
  return {
    name: "Write Backstage's identity into the health reader RBAC",
    if: `matrix.cloud == '${cloud}'`,
    run: make('catalog-registration'),
  };
}

/** The job that plans one environment with the read-only plan identity and keeps the plan. */
function planJob(options: {
  spec: StackSpec;
  environment: Environment;
  after?: Environment;
}): Record<string, unknown> {
  const { spec, environment, after } = options;
  return {
    name: `plan ${environment} (${githubExpression('matrix.cloud')})`,
    // Planned only once the environment before it is applied, so the plan reads current state.
    ...(after ? { needs: `apply-${after}` } : {}),
    'runs-on': 'ubuntu-latest',
    permissions: { contents: 'read', 'id-token': 'write' },
    strategy: {
      'fail-fast': false,
      matrix: {
        include: matrixInclude(
          deploymentTargets(spec).filter(
            target => target.environment === environment,
          ),
        ),
      },
    },
    env: terraformJobEnvironment(spec),
    steps: [
      checkoutStep,
      setupTerraformStep,
      ...cloudLoginSteps({
        spec,
        sessionName: `plan-${environment}`,
        plan: true,
      }),
      { name: 'terraform init', run: make('tf-init') },
      {
        name: 'terraform plan',
        // The plan identity is read-only: no state lock (a write). Applying a plan whose state moved
        // since fails ("Saved plan is stale"), so the lock is not what keeps the apply correct.
        run: make('tf-plan', ' TF_PLAN_ARGS="-lock=false -no-color"'),
      },
      {
        name: 'Summarise the plan for the reviewers',
        run: PLAN_SUMMARY_SCRIPT,
      },
      {
        name: 'Keep the plan for the approved apply',
        uses: actionRef('uploadArtifact'),
        with: {
          name: PLAN_ARTIFACT,
          // The provider lock file travels with the plan: apply initialises exactly those providers.
          path: [
            `${TF_ROOT}/${githubExpression(
              'matrix.environment',
            )}-${githubExpression('matrix.cloud')}.tfplan`,
            `${TF_ROOT}/.terraform.lock.hcl`,
          ].join('\n'),
          'include-hidden-files': true,
          'if-no-files-found': 'error',
          'retention-days': 7,
        },
      },
    ],
  };
}

/**
 * The steps that put the image into the environment's registry and pin the overlay to its digest:
 * the build job's image (copied from GHCR, its digest checked), else spec.app.image (or the
 * dispatched image) copied by digest, else (no registry) the image itself pinned by digest.
 */
function imageSteps(spec: StackSpec): WorkflowStep[] {
  if (spec.spec.app.build) {
    return [
      {
        name: 'Log in to GHCR, where the build job keeps the image',
        env: { GITHUB_TOKEN: githubExpression('github.token') },
        run: BUILD_REGISTRY_LOGIN_SCRIPT,
      },
      {
        name: "Copy the built image into this environment's registry and pin the build's digest",
        // ACR imports from GHCR itself (it has no public endpoint to push to): with this token.
        env: { SOURCE_REGISTRY_PASSWORD: githubExpression('github.token') },
        run: make(
          'image-push',
          ' SOURCE_IMAGE="$SOURCE_IMAGE" IMAGE_TAG="$IMAGE_TAG" BUILD_DIGEST="$BUILD_DIGEST"',
        ),
      },
    ];
  }
  return [
    spec.spec.services.registry
      ? {
          name: "Copy the image into this environment's registry and pin its digest",
          run: make('image-push', ' SOURCE_IMAGE="$SOURCE_IMAGE"'),
        }
      : {
          name: 'Pin the image by digest',
          run: make('k8s-image', ' SOURCE_IMAGE="$SOURCE_IMAGE"'),
        },
  ];
}

/** The names of the serverless deploy and rollback steps, by the cloud(s) of the environment. */
const SERVERLESS_STEP_NAMES: Record<
  'aws' | 'gcp' | 'azure' | 'mixed',
  { deploy: string; rollback: string }
> = {
  aws: {
    deploy:
      'Deploy: register a task definition revision with the image and wait until the service is stable',
    rollback: 'Roll back to the previous task definition',
  },
  gcp: {
    deploy:
      'Deploy: roll out a Cloud Run revision with the image and send it all traffic once it is ready',
    rollback: 'Roll back the traffic to the previous Cloud Run revision',
  },
  azure: {
    deploy:
      'Deploy: create a Container Apps revision with the image and send it all traffic once it is healthy',
    rollback: 'Roll back the traffic to the previous Container Apps revision',
  },
  mixed: {
    deploy:
      'Deploy: roll out the image on the serverless service and wait until it is healthy',
    rollback: 'Roll back the serverless service to the previous release',
  },
};

/** The cloud whose serverless steps an environment's apply job runs: one, or mixed. */
function serverlessStepCloud(
  spec: StackSpec,
  environment: Environment,
): keyof typeof SERVERLESS_STEP_NAMES {
  const clouds = new Set(
    deploymentTargets(spec)
      .filter(
        target => target.environment === environment && !runsKubernetes(target),
      )
      .map(target => target.cloud),
  );
  if (clouds.size === 1 && clouds.has('gcp')) return 'gcp';
  if (clouds.size === 1 && clouds.has('aws')) return 'aws';
  if (clouds.size === 1 && clouds.has('azure')) return 'azure';
  return 'mixed';
}

/** How `make database-user` reaches the database of a serverless environment, per cloud. */
const SERVERLESS_DATABASE_USER_PATHS: Partial<Record<Cloud, string>> = {
  aws: 'RDS through the SSM relay',
  gcp: 'Cloud SQL from a Cloud Run job',
  azure: 'Azure PostgreSQL from a Container Apps job',
};

/** The Session Manager plugin, for make database-user's tunnel through the relay (serverless AWS). */
function serverlessSessionManagerStep(): WorkflowStep {
  return {
    name: 'Install the Session Manager plugin of the AWS CLI',
    if: "matrix.cloud == 'aws'",
    run: SESSION_MANAGER_PLUGIN_SCRIPT,
  };
}

/** The job that applies the approved plan of one environment and deploys the application. */
function applyJob(options: {
  spec: StackSpec;
  environment: Environment;
}): Record<string, unknown> {
  const { spec, environment } = options;
  const { host, tls } = spec.spec.app.ingress;
  const build = spec.spec.app.build;
  const registry = spec.spec.services.registry;
  // spec.compute is per environment: every cloud of the environment runs on the same target.
  const kubernetes = deploymentTargets(spec)
    .filter(target => target.environment === environment)
    .every(runsKubernetes);
  // A serverless environment has no cluster for the psql pod: there RDS gets its role through the
  // SSM relay, Cloud SQL from a Cloud Run job and Azure PostgreSQL from a Container Apps job.
  const databaseUserCloudsHere = databaseUserClouds(spec);
  const databaseUser =
    databaseUserCloudsHere.length > 0
      ? [
          {
            name: kubernetes
              ? "Create the application's database role (RDS through the SSM relay, Azure and GCP from a pod in the cluster)"
              : `Create the application's database role (${databaseUserCloudsHere
                  .map(cloud => SERVERLESS_DATABASE_USER_PATHS[cloud])
                  .join(', ')})`,
            if: databaseUserCloudsHere
              .map(cloud => `matrix.cloud == '${cloud}'`)
              .join(' || '),
            run: make('database-user'),
          },
        ]
      : [];
  // Managed Grafana (Azure; AWS when grafana_enabled): the dashboard of the monitoring module
  // Terraform just applied, imported before the deploy so its failure never rolls back a release.
  const grafanaClouds = grafanaDashboardClouds(spec);
  const grafanaDashboard =
    grafanaClouds.length > 0
      ? [
          {
            name: 'Import the application dashboard into Grafana',
            if: grafanaClouds
              .map(cloud => `matrix.cloud == '${cloud}'`)
              .join(' || '),
            run: make('grafana-dashboard'),
          },
        ]
      : [];
  const smoke = host
    ? [
        {
          name: kubernetes
            ? 'Smoke check through the Ingress'
            : "Smoke check at the platform's own address (the custom host only warns until it is live)",
          run: make('smoke'),
        },
      ]
    : [];
  // The serverless steps name what the environment's cloud does (ECS or Cloud Run).
  const serverlessCloud = serverlessStepCloud(spec, environment);
  const rollback = {
    name: kubernetes
      ? 'Roll back the Deployment'
      : SERVERLESS_STEP_NAMES[serverlessCloud].rollback,
    if: "failure() && (steps.deploy.outcome == 'success' || steps.deploy.outcome == 'failure')",
    run: make('rollback'),
  };
  return {
    name: `apply ${environment} (${githubExpression('matrix.cloud')})`,
    needs: build ? [`plan-${environment}`, BUILD_JOB] : `plan-${environment}`,
    'runs-on': 'ubuntu-latest',
    // The GitHub environment's required reviewers approve here, after they read the plan above.
    environment:
      host && environment === 'prod'
        ? { name: environment, url: `${tls ? 'https' : 'http'}://${host}` }
        : environment,
    // packages: read: the built image is copied from GHCR.
    permissions: build
      ? { contents: 'read', 'id-token': 'write', packages: 'read' }
      : { contents: 'read', 'id-token': 'write' },
    strategy: {
      'fail-fast': false,
      matrix: {
        include: matrixInclude(
          deploymentTargets(spec).filter(
            target => target.environment === environment,
          ),
        ),
      },
    },
    env: {
      ...terraformJobEnvironment(spec),
      // Never inlined into a script: a dispatch input is untrusted text.
      SOURCE_IMAGE: githubExpression(
        build
          ? `inputs.image || ${buildOutput('image')}`
          : `inputs.image || '${spec.spec.app.image}'`,
      ),
      ...(build
        ? {
            // The registries tag the built image with its commit; its digest is what deploys.
            IMAGE_TAG: githubExpression(
              `!inputs.image && ${buildOutput('tag')} || ''`,
            ),
            BUILD_DIGEST: githubExpression(
              `!inputs.image && ${buildOutput('digest')} || ''`,
            ),
          }
        : {}),
    },
    steps: [
      checkoutStep,
      setupTerraformStep,
      ...(kubernetes ? [setupKubectlStep(spec)] : []),
      ...cloudLoginSteps({ spec, sessionName: `apply-${environment}` }),
      {
        name: 'Fetch the approved plan',
        uses: actionRef('downloadArtifact'),
        with: { name: PLAN_ARTIFACT, path: TF_ROOT },
      },
      { name: 'terraform init', run: make('tf-init') },
      {
        name: 'terraform apply (exactly the approved plan)',
        run: make('tf-apply'),
      },
      ...(kubernetes
        ? [
            ...grafanaDashboard,
            {
              name: 'Read the cluster outputs',
              id: 'cluster',
              run: CLUSTER_OUTPUTS_SCRIPT,
            },
            ...clusterAccessSteps(spec),
            ...databaseUser,
            {
              name: "Write the services' endpoints into the overlay",
              run: make('k8s-services'),
            },
            ...imageSteps(spec),
            {
              name: 'Deploy: apply the manifests (pruning removed objects) and wait for the rollout',
              id: 'deploy',
              run: make('deploy'),
            },
            ...smoke,
            ...catalogRegistrationSteps(),
          ]
        : [
            ...(databaseUserCloudsHere.includes('aws')
              ? [serverlessSessionManagerStep()]
              : []),
            ...databaseUser,
            // image-push remembers the copied digest for make deploy; without a registry the
            // service pulls the image itself.
            ...(registry ? imageSteps(spec) : []),
            {
              name: SERVERLESS_STEP_NAMES[serverlessCloud].deploy,
              id: 'deploy',
              run: registry
                ? make('deploy')
                : make('deploy', ' IMAGE="$SOURCE_IMAGE"'),
            },
            ...smoke,
          ]),
      rollback,
    ],
  };
}

/**
 * `.github/workflows/apply.yaml`: on every push to main (or by hand, with an image to deploy), per
 * environment in order (dev → staging → prod): a plan job with the read-only plan identity that
 * keeps the plan as an artifact and shows it in the run summary, then an apply job bound to the
 * GitHub environment of the same name (whose required reviewers approve after reading that plan)
 * that applies exactly that plan, copies the image into the environment's registry, deploys with
 * Kustomize, waits for the rollout, smoke-checks the service and rolls back on failure.
 */
export function renderApplyWorkflow(spec: StackSpec): string {
  const environments = stackEnvironments(spec);
  const jobs: Record<string, unknown> = spec.spec.app.build
    ? { [BUILD_JOB]: buildImageJob(spec) }
    : {};
  environments.forEach((environment, index) => {
    jobs[`plan-${environment}`] = planJob({
      spec,
      environment,
      after: index > 0 ? environments[index - 1] : undefined,
    });
    jobs[`apply-${environment}`] = applyJob({ spec, environment });
  });
  const workflow = {
    name: 'apply',
    on: {
      push: { branches: ['main'] },
      workflow_dispatch: {
        inputs: {
          image: {
            description: `Image to deploy, e.g. a release pinned by digest (default: ${spec.spec.app.image})`,
            type: 'string',
            required: false,
          },
        },
      },
    },
    // One apply at a time for the whole repository: a newer push waits, it never cancels a running apply.
    concurrency: { group: 'apply', 'cancel-in-progress': false },
    permissions: { contents: 'read' },
    defaults: { run: { shell: 'bash' } },
    jobs,
  };
  return workflowFile({
    header: [
      `Plans, applies and deploys on every push to main, environment by environment (${environments.join(
        ' -> ',
      )}).`,
      'Each environment is planned with the read-only plan identity; the apply job runs in the GitHub',
      "environment of the same name (its variables hold that environment's CI identity, no long-lived",
      'keys; its required reviewers approve after reading the plan) and applies exactly that plan.',
    ],
    workflow,
  });
}
