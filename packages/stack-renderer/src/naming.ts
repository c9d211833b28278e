import type { Environment } from './spec/profiles';
import type { Cloud } from './spec/regions';
import type { StackSpec } from './spec/stackSpec';

/**
 * Names shared between the rendered Terraform, Kustomize and CI workflows. Both sides call these
 * functions, so a name can never drift between the infrastructure and the manifests using it.
 */

/** Namespace and ServiceAccount of the application: the stack name. */
export function appNamespace(name: string): string {
  return name;
}

/** The application's Kubernetes ServiceAccount (in its namespace): the stack name. */
export function appServiceAccount(name: string): string {
  return name;
}

/**
 * Names of the GKE ingress front door of one environment, shared by Terraform (which creates
 * them) and the Kustomize gcp overlay (which refers to them by name).
 */
export function gcpIngressNames(options: {
  name: string;
  environment: Environment;
}): { address: string; sslPolicy: string } {
  const prefix = `${options.name}-${options.environment}`;
  return { address: `${prefix}-ingress`, sslPolicy: `${prefix}-modern-tls` };
}

/** A GCP service account ID (at most 30 characters): the stack name, cut to fit, and `suffix`. */
function gcpServiceAccountId(name: string, suffix: string): string {
  return `${name.slice(0, 30 - suffix.length).replace(/-+$/, '')}${suffix}`;
}

/** GCP service account ID (6–30 characters) that the application impersonates via Workload Identity. */
export function gcpAppServiceAccountId(options: {
  name: string;
  environment: Environment;
}): string {
  return gcpServiceAccountId(options.name, `-${options.environment}`);
}

/**
 * The Google service account of the database role job, the Cloud Run job that creates the
 * application's database role in a serverless environment (6 to 30 characters, like every account
 * ID). It keeps the `-grants` suffix of the job's first name: a new account ID would replace the
 * account's IAM database user, which Cloud SQL cannot delete once it holds cloudsqlsuperuser.
 */
export function gcpDatabaseRoleJobServiceAccountId(options: {
  name: string;
  environment: Environment;
}): string {
  return gcpServiceAccountId(options.name, `-${options.environment}-grants`);
}

/** GCS bucket for Terraform state; GCP project IDs are globally unique, so this is too. */
export function gcpStateBucket(options: {
  projectId: string;
  name: string;
}): string {
  return `${options.projectId}-${options.name}-tfstate`
    .slice(0, 63)
    .replace(/-+$/, '');
}

/** The resource group of one Azure environment, created by the bootstrap. */
export function azureEnvironmentResourceGroup(options: {
  name: string;
  environment: Environment;
}): string {
  return `${options.name}-${options.environment}-rg`;
}

/** The CI (apply and deploy) identity of one Azure environment, created by the bootstrap. */
export function azureDeployIdentityName(options: {
  name: string;
  environment: Environment;
}): string {
  return `${options.name}-github-${options.environment}`;
}

/** The blob container holding one environment's Terraform state on Azure. */
export function azureStateContainer(environment: Environment): string {
  return `tfstate-${environment}`;
}

/** The ingress TLS certificate in each environment's Key Vault on Azure (imported once). */
export function azureTlsCertificateName(name: string): string {
  return `${name}-tls`;
}

/** Resource group holding the Terraform state storage account on Azure. */
export function azureStateResourceGroup(name: string): string {
  return `${name}-tfstate`;
}

/** Node label and taint that every GPU pool carries, on every cloud (GKE applies this taint itself). */
export const GPU_NODE_LABEL = {
  key: 'skyforge.io/pool',
  value: 'gpu',
} as const;
export const GPU_NODE_TAINT = {
  key: 'nvidia.com/gpu',
  value: 'present',
  effect: 'NoSchedule',
} as const;

/** Node label of the application and system pools. */
export const POOL_LABEL_KEY = 'skyforge.io/pool';

/**
 * EKS Auto Mode: the tag (value: the cluster name) on the private subnets and the cluster security
 * group that the Skyforge node classes select, and the node role they launch instances with
 * (created by the cluster module as `${name}-node`).
 */
export const AWS_NODE_DISCOVERY_TAG = 'karpenter.sh/discovery';
export function awsNodeRoleName(clusterName: string): string {
  return `${clusterName}-node`;
}

/**
 * GitHub Actions variables (set per GitHub environment named after the stack environment) that the
 * rendered workflows read. The bootstrap modules output the values under the lowercase names.
 */
export const CI_VARIABLES = {
  aws: ['AWS_ROLE_ARN', 'TF_STATE_BUCKET'],
  gcp: [
    'GCP_WORKLOAD_IDENTITY_PROVIDER',
    'GCP_SERVICE_ACCOUNT',
    'GCP_PLAN_IDENTITIES',
  ],
  azure: [
    'AZURE_CLIENT_ID',
    'AZURE_TENANT_ID',
    'AZURE_SUBSCRIPTION_ID',
    'TF_STATE_ACCOUNT',
  ],
} as const;

/** Name of one Resource entity: `<name>-<env>-<cloud>-<kind>` (at most 47 characters). */
export function resourceEntityName(options: {
  spec: StackSpec;
  environment: Environment;
  cloud: Cloud;
  kind: { name: string };
}): string {
  const { spec, environment, cloud, kind } = options;
  return `${spec.metadata.name}-${environment}-${cloud}-${kind.name}`;
}

/**
 * The name of a cluster's catalog Resource, which is also the Kubernetes backend's name of the
 * cluster (the catalog cluster locator names clusters after their Resources) and the value of
 * its `kubernetes-cluster` tag.
 */
export function clusterEntityName(options: {
  spec: StackSpec;
  environment: Environment;
  cloud: Cloud;
}): string {
  return resourceEntityName({ ...options, kind: { name: 'cluster' } });
}
