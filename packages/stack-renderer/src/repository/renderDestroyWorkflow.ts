import type { StackSpec } from '../spec/stackSpec';
import { runsKubernetes } from '../spec/computeTarget';
import {
  deploymentTargets,
  stackClouds,
  stackEnvironments,
} from '../spec/deploymentTargets';
import {
  CLUSTER_OUTPUTS_SCRIPT,
  clusterAccessSteps,
} from './renderApplyWorkflow';
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

/**
 * Where the rendered repository keeps the destroy workflow; its file name is the workflow id the
 * REST API dispatches.
 *
 * @public
 */
export const DESTROY_WORKFLOW_PATH = '.github/workflows/destroy.yaml';

/**
 * What a person types into the destroy workflow's `confirm` input to destroy one environment of
 * one cloud of the stack: `<stack>/<environment>/<cloud>`.
 *
 * @public
 */
export function destroyConfirmation(
  spec: { metadata: { name: string } },
  target: { environment: string; cloud: string },
): string {
  return `${spec.metadata.name}/${target.environment}/${target.cloud}`;
}

/**
 * Checks the typed confirmation against the chosen target and writes the matrix of that one target
 * (with its region) as output `target`; refuses a pair the stack does not have.
 */
const CONFIRM_SCRIPT = `expected="$STACK/$ENVIRONMENT/$CLOUD"
if [ "$CONFIRM" != "$expected" ]; then
  echo "::error title=Not confirmed::Type $expected into confirm to destroy $ENVIRONMENT/$CLOUD."
  exit 1
fi
target="$(jq --compact-output --arg environment "$ENVIRONMENT" --arg cloud "$CLOUD" \\
  '[.[] | select(.environment == $environment and .cloud == $cloud)]' <<< "$TARGETS")"
if [ "$target" = '[]' ]; then
  echo "::error title=Unknown target::$STACK has no $ENVIRONMENT/$CLOUD."
  exit 1
fi
echo "target=$target" >> "$GITHUB_OUTPUT"
echo "Destroying $ENVIRONMENT/$CLOUD of $STACK (confirmed by $GITHUB_ACTOR)." >> "$GITHUB_STEP_SUMMARY"
`;

/** Reads the cluster outputs, or leaves them empty when the state has no cluster (a re-run). */
const CLUSTER_IF_ANY_SCRIPT = `if ! terraform -chdir="infra/envs/$ENVIRONMENT/$CLOUD" output -raw cluster_name > /dev/null 2>&1; then
  echo "The state of $ENVIRONMENT/$CLOUD has no cluster (already destroyed): no workloads to delete."
  exit 0
fi
${CLUSTER_OUTPUTS_SCRIPT}`;

const BOOTSTRAP_HANDOVER_SCRIPT = `{
  echo "## infra/bootstrap/$CLOUD"
  echo
  echo "This workflow does not destroy the bootstrap: it holds the CI identities this workflow signs in with,"
  echo "and its state lives with the administrator who applied it. Once every environment of $CLOUD is"
  echo "destroyed, run from that workstation (it refuses while an environment still has resources):"
  echo
  echo '    make bootstrap-destroy CLOUD='"$CLOUD"
} >> "$GITHUB_STEP_SUMMARY"
`;

/** `make <target> ENV="$ENVIRONMENT" CLOUD="$CLOUD"`. */
const make = (target: string, extra = '') =>
  `make ${target} ENV="$ENVIRONMENT" CLOUD="$CLOUD"${extra}`;

/** Runs the step only when the state still had a cluster (see {@link CLUSTER_IF_ANY_SCRIPT}). */
const whenCluster = (step: WorkflowStep): WorkflowStep => {
  const condition = "steps.cluster.outputs.name != ''";
  return { ...step, if: step.if ? `${step.if} && ${condition}` : condition };
};

/**
 * The cluster steps of the destroy job: all of them where every environment runs Kubernetes,
 * none where none does, and otherwise only in the environments that do (spec.compute is per
 * environment).
 */
function clusterSteps(spec: StackSpec, steps: WorkflowStep[]): WorkflowStep[] {
  const targets = deploymentTargets(spec);
  const serverless = [
    ...new Set(
      targets.filter(target => !runsKubernetes(target)).map(t => t.environment),
    ),
  ];
  if (serverless.length === 0) return steps;
  if (targets.every(target => !runsKubernetes(target))) return [];
  const condition = `!contains(fromJSON('${JSON.stringify(
    serverless,
  )}'), matrix.environment)`;
  return steps.map(step => ({
    ...step,
    if: step.if ? `${condition} && ${step.if}` : condition,
  }));
}

/** The job that empties and destroys one environment, in the GitHub environment of that name. */
function destroyJob(spec: StackSpec): Record<string, unknown> {
  return {
    name: `destroy ${githubExpression(
      'matrix.environment',
    )} (${githubExpression('matrix.cloud')})`,
    needs: 'confirm',
    'runs-on': 'ubuntu-latest',
    // The GitHub environment's required reviewers approve the teardown before the job starts, and
    // only a job in that environment may assume its CI identity.
    environment: githubExpression('matrix.environment'),
    permissions: { contents: 'read', 'id-token': 'write' },
    'timeout-minutes': 180,
    strategy: {
      matrix: {
        include: githubExpression('fromJSON(needs.confirm.outputs.target)'),
      },
    },
    env: terraformJobEnvironment(spec),
    steps: [
      checkoutStep,
      setupTerraformStep,
      ...clusterSteps(spec, [setupKubectlStep(spec)]),
      ...cloudLoginSteps({
        spec,
        sessionName: `destroy-${githubExpression('matrix.environment')}`,
      }),
      { name: 'terraform init', run: make('tf-init') },
      ...clusterSteps(spec, [
        {
          name: 'Read the cluster outputs',
          id: 'cluster',
          run: CLUSTER_IF_ANY_SCRIPT,
        },
        ...clusterAccessSteps(spec).map(whenCluster),
        whenCluster({
          name: 'Delete the workloads (their load balancers and volumes go with them)',
          run: make('k8s-delete'),
        }),
      ]),
      {
        name: 'Lift deletion protection, then terraform destroy',
        run: make(
          'tf-destroy',
          ' TF_DESTROY_ARGS="-input=false -auto-approve"',
        ),
      },
    ],
  };
}

/**
 * `.github/workflows/destroy.yaml`: run by hand for one environment and cloud after typing
 * `<stack>/<environment>/<cloud>`. In the GitHub environment of that name (so after its required
 * reviewers approve), it deletes the workloads through the same private-cluster path the apply
 * workflow deploys through, then `make tf-destroy` lifts deletion protection with an apply and
 * destroys the root. With `bootstrap`, it ends by handing the bootstrap over to its administrator.
 * Shares the `apply` concurrency group, so it never runs beside an apply.
 */
export function renderDestroyWorkflow(spec: StackSpec): string {
  const environments = stackEnvironments(spec);
  const clouds = stackClouds(spec);
  const workflow = {
    name: 'destroy',
    on: {
      workflow_dispatch: {
        inputs: {
          environment: {
            description: 'Environment to destroy',
            type: 'choice',
            options: environments,
            required: true,
          },
          cloud: {
            description: 'Cloud of the environment',
            type: 'choice',
            options: clouds,
            required: true,
          },
          confirm: {
            description: `Type <stack>/<environment>/<cloud> to confirm, e.g. ${destroyConfirmation(
              spec,
              { environment: environments[0]!, cloud: clouds[0]! },
            )}`,
            type: 'string',
            required: true,
          },
          bootstrap: {
            description:
              'This is the last environment of the cloud: end with the steps that destroy infra/bootstrap/<cloud>',
            type: 'boolean',
            default: false,
          },
        },
      },
    },
    concurrency: { group: 'apply', 'cancel-in-progress': false },
    permissions: { contents: 'read' },
    defaults: { run: { shell: 'bash' } },
    jobs: {
      confirm: {
        name: 'confirm',
        'runs-on': 'ubuntu-latest',
        permissions: {},
        outputs: { target: githubExpression('steps.target.outputs.target') },
        steps: [
          {
            name: 'Check the typed confirmation',
            id: 'target',
            // Inputs reach the script as environment variables, never inlined: they are untrusted text.
            env: {
              STACK: spec.metadata.name,
              ENVIRONMENT: githubExpression('inputs.environment'),
              CLOUD: githubExpression('inputs.cloud'),
              CONFIRM: githubExpression('inputs.confirm'),
              TARGETS: JSON.stringify(matrixInclude(deploymentTargets(spec))),
            },
            run: CONFIRM_SCRIPT,
          },
        ],
      },
      destroy: destroyJob(spec),
      bootstrap: {
        name: 'bootstrap',
        needs: 'destroy',
        if: 'inputs.bootstrap',
        'runs-on': 'ubuntu-latest',
        permissions: {},
        steps: [
          {
            name: 'Hand infra/bootstrap over to its administrator',
            env: { CLOUD: githubExpression('inputs.cloud') },
            run: BOOTSTRAP_HANDOVER_SCRIPT,
          },
        ],
      },
    },
  };
  return workflowFile({
    header: [
      'Destroys one environment of one cloud, by hand: Actions -> destroy -> Run workflow, then type',
      '<stack>/<environment>/<cloud>. The job runs in the GitHub environment of that name (its required',
      'reviewers approve first), deletes the workloads so their load balancers and volumes go, then',
      'make tf-destroy lifts deletion protection (an apply with -var teardown=true) and destroys the root.',
      'infra/bootstrap/<cloud> goes last, by its administrator (make bootstrap-destroy), never from here.',
    ],
    workflow,
  });
}
