import { CI_VARIABLES } from '../naming';
import { stringify } from 'yaml';
import { actionRef, annotateActionVersions } from './githubActions';
import type { Cloud } from '../spec/regions';
import type { StackSpec } from '../spec/stackSpec';
import type { ResolvedEnvironment } from '../spec/resolveEnvironment';
import { stackClouds } from '../spec/deploymentTargets';

/** Terraform version the workflows install; the roots require >= 1.10. */
export const CI_TERRAFORM_VERSION = '1.11.4';

/** A GitHub Actions step, as written to the workflow file. */
export type WorkflowStep = Record<string, unknown>;

/** `${{ expression }}`. */
export const githubExpression = (expression: string) => `\${{ ${expression} }}`;
const variable = (name: string) => githubExpression(`vars.${name}`);

export const checkoutStep: WorkflowStep = {
  uses: actionRef('checkout'),
  with: { 'persist-credentials': false },
};

export const setupTerraformStep: WorkflowStep = {
  uses: actionRef('setupTerraform'),
  // The wrapper rewrites stdout, which breaks `terraform output -raw` in scripts.
  with: { terraform_version: CI_TERRAFORM_VERSION, terraform_wrapper: false },
};

export function setupKubectlStep(spec: StackSpec): WorkflowStep {
  // kubectl within one minor version of the clusters, as Kubernetes' version skew policy asks.
  return {
    uses: actionRef('setupKubectl'),
    with: { version: `v${spec.spec.cluster.kubernetesVersion}.0` },
  };
}

/**
 * Environment variables every Terraform job needs: the target, the state storage names from the
 * bootstrap outputs, and OIDC settings so the azurerm provider and backend use the GitHub token.
 */
export function terraformJobEnvironment(
  spec: StackSpec,
): Record<string, string> {
  const clouds = spec.spec.clouds;
  return {
    ENVIRONMENT: githubExpression('matrix.environment'),
    CLOUD: githubExpression('matrix.cloud'),
    TF_IN_AUTOMATION: 'true',
    ...(clouds.includes('aws')
      ? { TF_STATE_BUCKET: variable('TF_STATE_BUCKET') }
      : {}),
    ...(clouds.includes('azure')
      ? {
          TF_STATE_ACCOUNT: variable('TF_STATE_ACCOUNT'),
          ARM_USE_OIDC: 'true',
          ARM_CLIENT_ID: variable('AZURE_CLIENT_ID'),
          ARM_TENANT_ID: variable('AZURE_TENANT_ID'),
          ARM_SUBSCRIPTION_ID: variable('AZURE_SUBSCRIPTION_ID'),
        }
      : {}),
  };
}

/**
 * Keyless login to each cloud of the stack by GitHub OIDC; each step runs only for its matrix
 * cloud. `plan` logs in with the read-only plan identities, which on GCP live in each
 * environment's project (the repository variable GCP_PLAN_IDENTITIES maps environments to them).
 */
export function cloudLoginSteps(options: {
  spec: StackSpec;
  sessionName: string;
  plan?: boolean;
}): WorkflowStep[] {
  const { spec, sessionName, plan = false } = options;
  const gcpPlanIdentity = (field: string) =>
    githubExpression(
      `fromJSON(vars.${CI_VARIABLES.gcp[2]})[matrix.environment].${field}`,
    );
  const steps: Record<Cloud, WorkflowStep> = {
    aws: {
      name: 'Log in to AWS (OIDC)',
      if: "matrix.cloud == 'aws'",
      uses: actionRef('awsCredentials'),
      with: {
        'role-to-assume': variable(CI_VARIABLES.aws[0]),
        'role-session-name': `${sessionName}-${githubExpression(
          'github.run_id',
        )}`,
        'aws-region': githubExpression('matrix.region'),
      },
    },
    gcp: {
      name: 'Log in to Google Cloud (Workload Identity Federation)',
      if: "matrix.cloud == 'gcp'",
      uses: actionRef('googleAuth'),
      with: plan
        ? {
            workload_identity_provider: gcpPlanIdentity(
              'workload_identity_provider',
            ),
            service_account: gcpPlanIdentity('service_account'),
          }
        : {
            workload_identity_provider: variable(CI_VARIABLES.gcp[0]),
            service_account: variable(CI_VARIABLES.gcp[1]),
          },
    },
    azure: {
      name: 'Log in to Azure (federated credential)',
      if: "matrix.cloud == 'azure'",
      uses: actionRef('azureLogin'),
      with: {
        'client-id': variable(CI_VARIABLES.azure[0]),
        'tenant-id': variable(CI_VARIABLES.azure[1]),
        'subscription-id': variable(CI_VARIABLES.azure[2]),
      },
    },
  };
  return stackClouds(spec).map(cloud => steps[cloud]);
}

/** `strategy.matrix.include` rows for the given targets. */
export function matrixInclude(
  targets: ResolvedEnvironment[],
): Array<Record<string, string>> {
  return targets.map(target => ({
    environment: target.environment,
    cloud: target.cloud,
    region: target.region,
  }));
}

/** The comment lines every rendered workflow starts with. */
export function workflowHeader(lines: string[]): string {
  return [
    '# Rendered by Skyforge from skyforge.yaml.',
    ...lines.map(line => `# ${line}`),
    '',
  ].join('\n');
}

/** A rendered workflow file: its header, then the workflow with each action's release noted. */
export function workflowFile(options: {
  header: string[];
  workflow: Record<string, unknown>;
}): string {
  return `${workflowHeader(options.header)}${annotateActionVersions(
    stringify(options.workflow, { lineWidth: 0, aliasDuplicateObjects: false }),
  )}`;
}
