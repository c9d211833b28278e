import type { TerraformRule } from '../types';
import { AWS_CLUSTER_RULES } from './aws/awsClusterRules';
import { AWS_DATA_RULES } from './aws/awsDataRules';
import { AWS_PLATFORM_RULES } from './aws/awsPlatformRules';
import { AWS_STORAGE_RULES } from './aws/awsStorageRules';
import { BUDGET_RULES } from './budgetRules';
import { MONITORING_RULES } from './monitoringRules';
import { AWS_SERVERLESS_RULES } from './aws/awsServerlessRules';
import { AZURE_CLUSTER_RULES } from './azure/azureClusterRules';
import { AZURE_DATA_RULES } from './azure/azureDataRules';
import { AZURE_IDENTITY_RULES } from './azure/azureIdentityRules';
import { AZURE_NETWORK_RULES } from './azure/azureNetworkRules';
import { AZURE_SERVERLESS_RULES } from './azure/azureServerlessRules';
import { GCP_CLUSTER_RULES } from './gcp/gcpClusterRules';
import { GCP_DATA_RULES } from './gcp/gcpDataRules';
import { GCP_IDENTITY_RULES } from './gcp/gcpIdentityRules';
import { GCP_NETWORK_RULES } from './gcp/gcpNetworkRules';
import { GCP_SERVERLESS_RULES } from './gcp/gcpServerlessRules';

/**
 * The security rules every render is judged by, taken from `reference/iac-rules.md` §2.1 and
 * named by their Checkov IDs. How each rule treats variables and omitted settings is described
 * in `ruleHelpers.ts`. Exported so that docs and the renderer's tests can see which resource
 * types the rules cover (every service's module must be covered on every cloud).
 *
 * @public
 */
export const TERRAFORM_RULES: readonly TerraformRule[] = [
  ...AWS_CLUSTER_RULES,
  ...AWS_STORAGE_RULES,
  ...AWS_DATA_RULES,
  ...AWS_PLATFORM_RULES,
  ...AWS_SERVERLESS_RULES,
  ...GCP_CLUSTER_RULES,
  ...GCP_DATA_RULES,
  ...GCP_NETWORK_RULES,
  ...GCP_IDENTITY_RULES,
  ...GCP_SERVERLESS_RULES,
  ...AZURE_CLUSTER_RULES,
  ...AZURE_DATA_RULES,
  ...AZURE_IDENTITY_RULES,
  ...AZURE_NETWORK_RULES,
  ...AZURE_SERVERLESS_RULES,
  ...BUDGET_RULES,
  ...MONITORING_RULES,
];
