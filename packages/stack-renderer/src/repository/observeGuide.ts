import { stringify } from 'yaml';
import type { Cloud } from '../spec/regions';
import type { StackSpec } from '../spec/stackSpec';
import { AWS_FOCUS_PREFIX } from '../terraform/aws/awsBilling';
import {
  AZURE_COST_EXPORT_CONTAINER,
  AZURE_FOCUS_FOLDER,
  azureFocusExportName,
} from '../terraform/azure/azureBilling';
import { azureBillingStorageAccount } from '../terraform/azure/azureResourceNames';
import {
  GCP_FOCUS_VIEW,
  gcpBillingDataset,
  gcpBillingLocation,
  gcpBillingProject,
} from '../terraform/gcp/gcpBilling';
import { kubernetesTargets, stackClouds } from '../spec/deploymentTargets';
import { SERVERLESS_RESOURCE_TYPE } from '../spec/computeTarget';
import { serverlessTargets, targetList } from './serverlessDocs';

/** Which resources carry the capability tag, per cloud. */
const CAPABILITY_TAGGED: Record<Cloud, string> = {
  aws: 'on AWS the billable resource of each service',
  gcp: 'on GCP every resource of its module',
  azure: 'on Azure every resource of its module',
};

/** What the platform team sets per cloud so that Backstage may read the clusters. */
const HEALTH_READER_SETUP: Record<Cloud, string> = {
  aws: "AWS: set `backstage_principal_arns` in `infra/envs/<environment>/aws/terraform.tfvars` to the IAM role Backstage's backend runs as; the environment creates a health reader role it may assume and maps it to the group of the RBAC with an EKS access entry (`auth-provider: aws`).",
  gcp: "GCP: set `backstage_service_account` in `infra/envs/<environment>/gcp/terraform.tfvars` to the Google service account Backstage's backend runs as (its Application Default Credentials, `auth-provider: googleServiceAccount`); the environment grants it Kubernetes Engine Cluster Viewer, which admits it through the cluster's DNS endpoint (the IP endpoint is private), and the RBAC binds it as a User.",
  azure:
    "Azure: set `backstage_principal_id` in `infra/envs/<environment>/azure/terraform.tfvars` to the object ID of the Entra identity Backstage's backend runs as (`DefaultAzureCredential`, `auth-provider: azure`); the RBAC binds it as a User, which AKS authorises after Azure RBAC, so it needs no Azure role (and no Cluster User Role: Backstage reads the API server and CA from the Resource, not a kubeconfig). The API server is private: Backstage must run in, or be peered with, the environment's virtual network and resolve its private DNS zone.",
};

/** Heading of the README section whose YAML block holds the `skyforge.cost.sources` entries. */
export const COST_SOURCES_HEADING = '### Cost';

/** One `skyforge.cost.sources` entry, as the Skyforge backend's config schema types it. */
export interface CostSourceEntry {
  id: string;
  type: string;
  options: Record<string, unknown>;
}

/** The entries of the clouds whose bootstrap sets up a billing export, in cloud order. */
export function costSourceEntries(spec: StackSpec): CostSourceEntry[] {
  const { name } = spec.metadata;
  const entries: Partial<Record<Cloud, CostSourceEntry>> = {
    aws: {
      id: `${name}-aws-focus`,
      type: 'focus',
      options: {
        location: `s3://${name}-billing-<account-id>/${AWS_FOCUS_PREFIX}/${name}-focus`,
        layout: 'aws-data-exports',
        s3: { region: spec.spec.regions.aws },
      },
    },
    azure: {
      id: `${name}-azure-focus`,
      type: 'focus',
      options: {
        location: `azure://${azureBillingStorageAccount(
          spec,
        )}/${AZURE_COST_EXPORT_CONTAINER}/${AZURE_FOCUS_FOLDER}/${azureFocusExportName(
          name,
        )}`,
        layout: 'azure-cost-exports',
      },
    },
  };
  if (spec.spec.clouds.includes('gcp')) {
    const project = gcpBillingProject(spec);
    entries.gcp = {
      id: `${name}-gcp-focus`,
      type: 'bigquery',
      options: {
        table: `${project}.${gcpBillingDataset(name)}.${GCP_FOCUS_VIEW}`,
        projectId: project,
        location: gcpBillingLocation(spec.spec.regions.gcp ?? ''),
      },
    };
  }
  return stackClouds(spec).flatMap(cloud => {
    const entry = entries[cloud];
    return entry ? [entry] : [];
  });
}

/**
 * The README's Health: how each cluster registers with Backstage's Kubernetes backend, and that
 * serverless environments have no cluster for it to read.
 */
function healthGuide(spec: StackSpec): string[] {
  const clouds = [
    ...new Set(kubernetesTargets(spec).map(target => target.cloud)),
  ];
  const serverless = serverlessTargets(spec);
  const lines: string[] = [];
  if (clouds.length > 0) {
    lines.push(
      "Each cluster gives Backstage a read-only identity (`deploy/platform/<environment>-<cloud>/health-reader.yaml`: pods, workloads, HPAs, nodes, KEDA and Karpenter objects and the cluster autoscaler status, nothing else) and registers through its `kubernetes-cluster` Resource, which Backstage's Kubernetes backend reads with `kubernetes.clusterLocatorMethods: [{ type: catalog }]`:",
      '',
      ...clouds.map(cloud => `- ${HEALTH_READER_SETUP[cloud]}`),
      '',
      clouds.some(cloud => cloud !== 'aws')
        ? 'After `terraform apply`, `make catalog-registration ENV=<environment> CLOUD=<cloud>` writes the API server, its CA and the reader identity into the cluster Resource (and, on GKE and AKS, the identity into `deploy/platform/<environment>-<cloud>/health-reader.env`, which the RBAC binds); commit both. The apply workflow writes the identity before it deploys and warns when the committed values are out of date. Until then Backstage ignores the cluster.'
        : 'After `terraform apply`, `make catalog-registration ENV=<environment> CLOUD=<cloud>` writes the API server, its CA and the reader role into the cluster Resource; commit `catalog-info.yaml`. The apply workflow warns when the committed values are out of date. Until then Backstage ignores the cluster.',
      '',
    );
  }
  if (serverless.length > 0) {
    lines.push(
      `${targetList(
        serverless,
      )} run serverless: there is no cluster for Backstage's Kubernetes backend to read, so the Health tab shows no workloads of ${
        clouds.length > 0 ? 'these environments' : 'this stack'
      }. Their health is in the cloud's own monitoring (\`docs/operations.md\`, "Monitoring").`,
      '',
    );
  }
  return lines;
}

/**
 * The README section that connects the stack to Backstage: how its clusters register with the
 * Kubernetes backend (Health) and which `skyforge.cost.sources` entries the platform team adds to
 * Backstage's app-config (Cost).
 */
export function observeGuide(spec: StackSpec): string {
  const clouds = stackClouds(spec);
  const entries = costSourceEntries(spec);
  const kubernetes = kubernetesTargets(spec).length > 0;
  const resourceTypes = [
    ...(kubernetes ? ['`kubernetes-cluster`'] : []),
    ...(serverlessTargets(spec).length > 0
      ? [`\`${SERVERLESS_RESOURCE_TYPE}\``]
      : []),
  ].join(', ');
  const lines = [
    '## Backstage: health and cost',
    '',
    `The resources behind each Resource in \`catalog-info.yaml\` also carry the tag \`skyforge-capability\` (the Resource type: ${resourceTypes}, \`database\`, \`cache\`, \`object-storage\`, \`container-registry\`; ${clouds
      .map(cloud => CAPABILITY_TAGGED[cloud])
      .join('; ')})${
      kubernetes
        ? ', and the control plane and nodes of each cluster `kubernetes-cluster=<the cluster Resource name>`'
        : ''
    }, so that each Resource shows its own cost.`,
    '',
    '### Health',
    '',
  ];
  lines.push(...healthGuide(spec));
  lines.push(COST_SOURCES_HEADING, '');
  if (entries.length > 0) {
    lines.push(
      `These entries read the billing exports the bootstraps set up; add them to the app-config of Backstage${
        clouds.includes('aws')
          ? ', with `<account-id>` replaced (the AWS location is the bootstrap output `focus_export_location`)'
          : ''
      }:`,
      '',
      '```yaml',
      stringify(
        { skyforge: { cost: { sources: entries } } },
        { lineWidth: 0 },
      ).trimEnd(),
      '```',
      '',
    );
  }
  if (clouds.includes('aws')) {
    lines.push(
      '- AWS: `infra/bootstrap/aws/billing.tf` creates a Data Exports FOCUS 1.0 export (Parquet) into a private billing bucket; its location is the output `focus_export_location`. Give the role Backstage runs as `s3:GetObject`, `s3:ListBucket` (`backstage_principal_arns` of the bootstrap) and `kms:Decrypt` on `billing_kms_key_arn`. Cost allocation tags can only be activated once AWS has seen them on a resource: a day after the first environment is applied, set `activate_cost_allocation_tags = true` and apply the bootstrap again (in an AWS Organization, in the management account). The first export arrives within 24 hours.',
    );
  }
  if (clouds.includes('gcp')) {
    lines.push(
      "- GCP: `infra/bootstrap/gcp/billing.tf` creates the BigQuery dataset `billing_dataset` for the Cloud Billing export. Cloud Billing has no API to enable the export, so once: in the console, Billing > Billing export > BigQuery export > Detailed usage cost, pick that project and dataset. Then set `billing_account_id` in the bootstrap's variables and apply again: that creates the `focus` view (FOCUS 1.0 columns over the export) which the `bigquery` entry reads; its output `focus_view` is the entry's `table`. List the service account Backstage runs as in `backstage_service_accounts` (BigQuery Data Viewer on the dataset, Job User in its project). Data arrives within hours, the previous month within days. Google's own FOCUS export (Preview) writes to a Google-managed dataset instead; to use it, point `table` at its `gcp_billing_export_focus_<billing account>` table.",
    );
  }
  if (clouds.includes('azure')) {
    lines.push(
      '- Azure: `infra/bootstrap/azure/billing.tf` creates a daily Cost Management FOCUS export (FocusCost 1.0r2, Parquet, month to date) of the subscription into the `cost-exports` container of its own storage account; the export writes with its managed identity, and the location is the output `focus_export_location`. List the object ID of the identity Backstage runs as in `backstage_principal_ids` (Storage Blob Data Reader on the container; Backstage signs in with `DefaultAzureCredential`). The first run starts an hour after the apply (`cost_export_start`); run it at once, or export past months, from Cost Management > Exports.',
    );
  }
  lines.push('');
  return lines.join('\n');
}
