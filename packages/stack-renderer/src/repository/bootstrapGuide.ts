import { CLOUD_NAMES, type Cloud } from '../spec/regions';
import type { StackSpec } from '../spec/stackSpec';
import { ciVariableCommands } from './ciVariables';
import { bootstrapPreparation } from './cloudSetup';
import { hasClusterOn, stackClouds } from '../spec/deploymentTargets';

/** How to sign in to each cloud with a person's own credentials before the bootstrap. */
const SIGN_IN: Record<Cloud, string> = {
  aws: 'aws sso login   # or any credentials allowed to create S3, KMS and IAM resources',
  gcp: 'gcloud auth application-default login',
  azure: 'az login && az account set --subscription <subscription id>',
};

const AWS_CLI =
  '[AWS CLI v2](https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html)';
const SESSION_MANAGER_PLUGIN =
  '[Session Manager plugin](https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-install-plugin.html)';

/**
 * The command-line tools a cloud needs on a workstation: the cluster's sign-in plugin only where
 * the stack runs a cluster there; on AWS the Session Manager plugin for the tunnel to the private
 * EKS endpoint, or without a cluster for the database relay of `make database-user`.
 */
export function cloudTools(spec: StackSpec, cloud: Cloud): string {
  const cluster = hasClusterOn(spec, cloud);
  if (cloud === 'aws') {
    if (cluster)
      return `${AWS_CLI} with the ${SESSION_MANAGER_PLUGIN} (make k8s-tunnel)`;
    return spec.spec.services.postgres
      ? `${AWS_CLI} with the ${SESSION_MANAGER_PLUGIN} (make database-user)`
      : AWS_CLI;
  }
  if (cloud === 'gcp')
    return `[Google Cloud CLI](https://cloud.google.com/sdk/docs/install)${
      cluster ? ' with `gke-gcloud-auth-plugin`' : ''
    }`;
  return `[Azure CLI](https://learn.microsoft.com/cli/azure/install-azure-cli)${
    cluster ? ' and [kubelogin](https://azure.github.io/kubelogin/)' : ''
  }`;
}

/**
 * Markdown steps that bootstrap one cloud: sign in, fill in the GitHub identity of the repository,
 * apply `infra/bootstrap/<cloud>`, and copy its outputs into GitHub variables.
 */
export function bootstrapSteps(options: {
  spec: StackSpec;
  cloud: Cloud;
  headingLevel: number;
}): string {
  const { spec, cloud, headingLevel } = options;
  const root = `infra/bootstrap/${cloud}`;
  const preparation = bootstrapPreparation({ spec, cloud });
  return [
    `${'#'.repeat(headingLevel)} ${CLOUD_NAMES[cloud]}`,
    '',
    ...preparation.prose,
    '```sh',
    SIGN_IN[cloud],
    ...preparation.commands,
    `terraform -chdir=${root} init`,
    `terraform -chdir=${root} apply`,
    '',
    '# Copy the outputs into GitHub Actions variables (GitHub CLI and jq).',
    ...ciVariableCommands({ spec, cloud }),
    '```',
  ].join('\n');
}

/** The whole bootstrap section body (without its heading). */
export function bootstrapGuide(options: {
  spec: StackSpec;
  headingLevel: number;
}): string {
  const { spec, headingLevel } = options;
  const environments = spec.spec.environments.join(', ');
  const environmentNames = spec.spec.environments
    .map(environment => `\`${environment}\``)
    .join(', ');
  const prodRule = spec.spec.environments.includes('prod')
    ? ', and give `prod` required reviewers and a `main`-only deployment branch rule: the apply workflow waits for that approval before touching production.'
    : '.';
  return [
    `Run this once per cloud, from a workstation, before the first \`make tf-init\`. \`infra/bootstrap/<cloud>\` creates the remote state storage of every environment and the CI identities that GitHub Actions assumes by OIDC: one per environment (${environments}), trusted only for jobs running in the GitHub environment of that name, and one read-only identity for pull-request plans. No long-lived key is created anywhere.`,
    '',
    `1. Create the GitHub environments ${environmentNames} (Settings → Environments)${prodRule}`,
    "2. Fill in `terraform.tfvars` of each bootstrap root: `github_owner`, `github_repository` and their numeric IDs, which the OIDC trust uses (GitHub's immutable subject claims). `gh api repos/<owner>/<repository> --jq '.owner.id, .id'` prints both IDs.",
    '3. Apply the bootstrap and copy its outputs into GitHub variables:',
    '',
    ...stackClouds(spec).flatMap(cloud => [
      bootstrapSteps({ spec, cloud, headingLevel }),
      '',
    ]),
    'The bootstrap roots keep their own state locally (`terraform.tfstate` next to them, ignored by git) because they create the storage every other state lives in. Keep that file safe, and keep a copy outside the state storage it created: `make bootstrap-destroy` needs it, and deletes that storage.',
  ].join('\n');
}
