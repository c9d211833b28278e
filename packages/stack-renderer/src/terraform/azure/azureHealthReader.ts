import { expr } from '../../hcl/hcl';
import type { HclBody } from '../../hcl/hcl';
import type { RootVariable } from '../common/rootVariable';
import { terraformOutput } from '../common/terraformOutput';

/**
 * Backstage's read-only access to the AKS cluster. The Kubernetes plugin's `azure` auth provider
 * reads every cluster as one Entra identity (the backend's `DefaultAzureCredential`, a token for
 * the AKS server application), so the identity is Backstage's own, an input: its object ID is the
 * User that deploy/platform/<env>-azure/health-reader.yaml binds. AKS with Entra ID and Azure RBAC
 * authorises a request by Azure role assignments first and by Kubernetes RBAC when they have no
 * opinion (AKS, "Use Azure RBAC for Kubernetes authorization"), so the identity needs no Azure
 * role, and no Cluster User Role either: that one only lists the kubeconfig, and Backstage reads
 * the API server and CA from the catalog Resource.
 */

const PRINCIPAL = 'backstage_principal_id';

/** The root variable: the object ID of the Entra identity Backstage's backend runs as. */
export const AZURE_HEALTH_READER_ROOT_VARIABLE: RootVariable = {
  name: PRINCIPAL,
  type: 'string',
  description:
    "Object ID of the Entra identity (managed identity or service principal) Backstage's backend runs as, which may read this cluster's health; null binds nobody.",
  default: expr('null'),
  note: `${PRINCIPAL} = "<object ID: az ad sp show --id <client ID> --query id>"`,
  validations: [
    {
      condition: `var.${PRINCIPAL} == null || can(regex("^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$", var.${PRINCIPAL}))`,
      message: `${PRINCIPAL} must be an object ID (a GUID), not a client ID or a name.`,
    },
  ],
};

/** The cluster module's outputs: the private API server and its CA. */
export const azureHealthReaderModuleOutputs: HclBody = [
  terraformOutput({
    name: 'api_server_url',
    description:
      'The private API server, as clients in the virtual network reach it.',
    value: '"https://${azurerm_kubernetes_cluster.this.private_fqdn}:443"',
  }),
  terraformOutput({
    name: 'certificate_authority',
    description:
      'The cluster CA (base64 PEM); public, though the provider marks kube_config sensitive.',
    value:
      'nonsensitive(azurerm_kubernetes_cluster.this.kube_config[0].cluster_ca_certificate)',
  }),
];

/** The root's outputs that `make catalog-registration` reads. */
export const azureHealthReaderOutputs: HclBody = [
  terraformOutput({
    name: 'cluster_endpoint',
    description:
      'The private API server Backstage reads the cluster through (from inside or a peered network).',
    value: 'module.cluster.api_server_url',
  }),
  terraformOutput({
    name: 'cluster_certificate_authority',
    description: 'The cluster CA (base64 PEM) for the catalog registration.',
    value: 'module.cluster.certificate_authority',
  }),
  terraformOutput({
    name: 'health_reader_subject',
    description:
      "The User the health reader RBAC binds: Backstage's object ID; null without one.",
    value: `var.${PRINCIPAL}`,
  }),
];
