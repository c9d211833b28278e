import { stringify } from 'yaml';
import { ingressHasTls } from '../kustomize/appIngress';
import type { Cloud } from '../spec/regions';
import { catalogRegistrationSteps } from './catalogRegistrationTarget';
import type { StackSpec } from '../spec/stackSpec';
import {
  deploymentTargets,
  stackClouds,
  stackEnvironments,
} from './deploymentTargets';
import {
  checkoutStep,
  cloudLoginSteps,
  githubExpression,
  matrixInclude,
  setupKubectlStep,
  setupTerraformStep,
  terraformJobEnvironment,
  workflowHeader,
  type WorkflowStep,
} from './workflowSteps';

const CLUSTER_OUTPUTS_SCRIPT = `root="infra/envs/$ENVIRONMENT/$CLOUD"
cluster="$(terraform -chdir="$root" output -raw cluster_name)"
echo "name=$cluster" >> "$GITHUB_OUTPUT"
region="$(terraform -chdir="$root" output -raw region)"
echo "region=$region" >> "$GITHUB_OUTPUT"
if [ "$CLOUD" = gcp ]; then
  # Zonal clusters (environments without high availability) live in a zone, not the region.
  echo "location=$(terraform -chdir="$root" output -raw cluster_location 2> /dev/null || echo "$region")" >> "$GITHUB_OUTPUT"
  echo "project=$(terraform -chdir="$root" output -raw project_id)" >> "$GITHUB_OUTPUT"
fi
if [ "$CLOUD" = azure ]; then
  echo "resource_group=$(terraform -chdir="$root" output -raw resource_group_name)" >> "$GITHUB_OUTPUT"
fi
`;

/** Steps that give kubectl short-lived credentials for the cluster of the matrix cloud. */
function clusterCredentialSteps(spec: StackSpec): WorkflowStep[] {
  const steps: Record<Cloud, WorkflowStep[]> = {
    aws: [
      {
        name: 'Get EKS credentials',
        if: "matrix.cloud == 'aws'",
        env: {
          CLUSTER_NAME: githubExpression('steps.cluster.outputs.name'),
          CLUSTER_REGION: githubExpression('steps.cluster.outputs.region'),
        },
        run: 'aws eks update-kubeconfig --name "$CLUSTER_NAME" --region "$CLUSTER_REGION"',
      },
      ...(ingressHasTls(spec)
        ? [
            {
              name: 'Write the ACM certificate ARN into the overlay',
              if: "matrix.cloud == 'aws'",
              run: 'make k8s-certificate ENV="$ENVIRONMENT" CLOUD="$CLOUD"',
            },
          ]
        : []),
    ],
    gcp: [
      {
        name: 'Get GKE credentials',
        if: "matrix.cloud == 'gcp'",
        uses: 'google-github-actions/get-gke-credentials@v2',
        with: {
          cluster_name: githubExpression('steps.cluster.outputs.name'),
          location: githubExpression('steps.cluster.outputs.location'),
          project_id: githubExpression('steps.cluster.outputs.project'),
          // The DNS-based endpoint admits IAM-authenticated callers while the IP endpoint stays private.
          use_dns_based_endpoint: 'true',
        },
      },
    ],
    azure: [
      {
        name: 'Install kubelogin',
        if: "matrix.cloud == 'azure'",
        uses: 'azure/use-kubelogin@v1',
        // The action looks up kubelogin releases on GitHub; the job token avoids anonymous rate limits.
        env: { GITHUB_TOKEN: githubExpression('github.token') },
      },
      {
        name: 'Get AKS credentials (Entra ID, no local accounts)',
        if: "matrix.cloud == 'azure'",
        uses: 'azure/aks-set-context@v4',
        with: {
          'resource-group': githubExpression(
            'steps.cluster.outputs.resource_group',
          ),
          'cluster-name': githubExpression('steps.cluster.outputs.name'),
          admin: 'false',
          'use-kubelogin': 'true',
        },
      },
      {
        name: 'Write the workload identity client ID into the overlay',
        if: "matrix.cloud == 'azure'",
        run: 'make k8s-identity ENV="$ENVIRONMENT" CLOUD="$CLOUD"',
      },
    ],
  };
  return stackClouds(spec).flatMap(cloud => steps[cloud]);
}

/**
 * `.github/workflows/apply.yaml`: on every push to main, one job per environment in order
 * (dev → staging → prod), each bound to the GitHub environment of the same name (whose protection
 * rules, e.g. required reviewers for prod, gate it) and running, per cloud: OIDC login,
 * `terraform plan` + `apply` of that exact plan, then a Kustomize build applied to the cluster.
 */
export function renderApplyWorkflow(spec: StackSpec): string {
  const environments = stackEnvironments(spec);
  const targets = deploymentTargets(spec);
  const { host, tls } = spec.spec.app.ingress;
  const jobs: Record<string, unknown> = {};
  environments.forEach((environment, index) => {
    jobs[environment] = {
      name: `${environment} (${githubExpression('matrix.cloud')})`,
      ...(index > 0 ? { needs: environments[index - 1] } : {}),
      // Private clusters need a runner inside their network: set DEPLOY_RUNNER to its label.
      'runs-on': githubExpression("vars.DEPLOY_RUNNER || 'ubuntu-latest'"),
      environment:
        host && environment === 'prod'
          ? { name: environment, url: `${tls ? 'https' : 'http'}://${host}` }
          : environment,
      permissions: { contents: 'read', 'id-token': 'write' },
      strategy: {
        'fail-fast': false,
        matrix: {
          include: matrixInclude(
            targets.filter(target => target.environment === environment),
          ),
        },
      },
      env: terraformJobEnvironment(spec),
      steps: [
        checkoutStep,
        setupTerraformStep,
        setupKubectlStep(spec),
        ...cloudLoginSteps({ spec, sessionName: `apply-${environment}` }),
        {
          name: 'terraform init',
          run: 'make tf-init ENV="$ENVIRONMENT" CLOUD="$CLOUD"',
        },
        {
          name: 'terraform plan',
          run: 'make tf-plan ENV="$ENVIRONMENT" CLOUD="$CLOUD" TF_PLAN_ARGS=-no-color',
        },
        {
          name: 'terraform apply',
          run: 'make tf-apply ENV="$ENVIRONMENT" CLOUD="$CLOUD"',
        },
        {
          name: 'Read the cluster outputs',
          id: 'cluster',
          run: CLUSTER_OUTPUTS_SCRIPT,
        },
        ...clusterCredentialSteps(spec),
        {
          name: 'Deploy the manifests',
          run: 'make k8s-apply ENV="$ENVIRONMENT" CLOUD="$CLOUD"',
        },
        ...catalogRegistrationSteps(spec),
      ],
    };
  });
  const workflow = {
    name: 'apply',
    on: { push: { branches: ['main'] }, workflow_dispatch: {} },
    // One apply at a time for the whole repository: a newer push waits, it never cancels a running apply.
    concurrency: { group: 'apply', 'cancel-in-progress': false },
    permissions: { contents: 'read' },
    defaults: { run: { shell: 'bash' } },
    jobs,
  };
  return `${workflowHeader([
    `Applies the infrastructure and deploys the manifests on every push to main, environment by environment (${environments.join(
      ' -> ',
    )}).`,
    "Each job uses the GitHub environment of the same name: its variables hold that environment's",
    'CI identity (no long-lived keys), and its protection rules (required reviewers on prod) gate the job.',
  ])}${stringify(workflow, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}
