import { expr, type HclBody } from '../../hcl/hcl';
import { terraformVariable } from '../common/terraformVariable';
import { gcpModuleBaseVariables } from './gcpModuleBase';
import {
  GCP_NODE_POOLS_DESCRIPTION,
  GCP_NODE_POOLS_TYPE,
  GCP_NODE_POOLS_VALIDATIONS,
} from './gcpCustomPoolsVariable';

function serviceAccountIdValidation(variable: string) {
  return {
    condition: `can(regex("^[a-z][-a-z0-9]{4,28}[a-z0-9]$", var.${variable}))`,
    message: `${variable} must be a service account ID: 6 to 30 lowercase letters, digits or hyphens, starting with a letter.`,
  };
}

const POOL_TYPE = `object({
    machine_type = string
    min_nodes    = number
    max_nodes    = number
    disk_size_gb = number
  })`;

/** Variables of the cluster module; with custom pools, node_pools replaces system_pool and application_pool. */
export function gcpClusterVariables(options: {
  customPools: boolean;
}): HclBody {
  const presetPools = [
    terraformVariable({
      name: 'system_pool',
      type: POOL_TYPE,
      description: 'Machine type and total node bounds of the system pool.',
    }),
    terraformVariable({
      name: 'application_pool',
      type: `object({
    machine_type = string
    min_nodes    = number
    max_nodes    = number
    disk_size_gb = number
    spot         = bool
  })`,
      description:
        'Machine type, total node bounds and spot capacity of the application pool.',
    }),
  ];
  return [
    gcpModuleBaseVariables(),
    terraformVariable({
      name: 'regional',
      type: 'bool',
      description:
        'Regional cluster (control plane and nodes in three zones) instead of a zonal one.',
    }),
    terraformVariable({
      name: 'kubernetes_version',
      type: 'string',
      description:
        'Minimum Kubernetes minor version; the REGULAR release channel upgrades from there.',
    }),
    terraformVariable({
      name: 'network_id',
      type: 'string',
      description: 'ID of the VPC network.',
    }),
    terraformVariable({
      name: 'subnetwork_id',
      type: 'string',
      description: 'ID of the node subnet.',
    }),
    terraformVariable({
      name: 'subnetwork_cidr',
      type: 'string',
      description: 'Primary range of the node subnet.',
    }),
    terraformVariable({
      name: 'pods_range_name',
      type: 'string',
      description: 'Secondary range of the subnet for pod IPs.',
    }),
    terraformVariable({
      name: 'services_range_name',
      type: 'string',
      description: 'Secondary range of the subnet for service IPs.',
    }),
    terraformVariable({
      name: 'public_endpoint_cidrs',
      type: 'list(string)',
      description:
        'Networks allowed to reach a public control plane endpoint. Empty keeps the endpoint private (reachable from the node subnet only).',
      default: [],
      validations: [
        {
          condition:
            'alltrue([for cidr in var.public_endpoint_cidrs : can(cidrhost(cidr, 0)) && !endswith(cidr, "/0")])',
          message:
            'public_endpoint_cidrs must be IPv4 CIDR blocks and must not open the endpoint to the whole internet.',
        },
      ],
    }),
    terraformVariable({
      name: 'deletion_protection',
      type: 'bool',
      description:
        'Refuse to destroy the cluster (Terraform-level protection).',
    }),
    options.customPools
      ? terraformVariable({
          name: 'node_pools',
          type: GCP_NODE_POOLS_TYPE,
          description: GCP_NODE_POOLS_DESCRIPTION,
          validations: GCP_NODE_POOLS_VALIDATIONS,
        })
      : presetPools,
    terraformVariable({
      name: 'gpu_pool',
      type: `object({
    machine_type      = string
    accelerator_type  = string
    accelerator_count = number
    max_nodes         = number
    disk_size_gb      = number
  })`,
      description: 'GPU pool (scales from zero); null for none.',
      default: expr('null'),
    }),
    terraformVariable({
      name: 'monitoring_components',
      type: 'list(string)',
      description:
        'Metric packages Cloud Monitoring collects from the cluster.',
    }),
    terraformVariable({
      name: 'node_service_account_id',
      type: 'string',
      description: 'Account ID of the node service account.',
      validations: [serviceAccountIdValidation('node_service_account_id')],
    }),
    terraformVariable({
      name: 'app_service_account_id',
      type: 'string',
      description:
        "Account ID of the application's Google service account (annotated on its Kubernetes ServiceAccount).",
      validations: [serviceAccountIdValidation('app_service_account_id')],
    }),
    terraformVariable({
      name: 'app_namespace',
      type: 'string',
      description: 'Namespace of the application.',
    }),
    terraformVariable({
      name: 'app_service_account',
      type: 'string',
      description:
        'Kubernetes ServiceAccount of the application, the Workload Identity principal.',
    }),
    terraformVariable({
      name: 'ingress_address_name',
      type: 'string',
      description:
        'Name of the reserved global address of the ingress (the Ingress refers to it by name).',
    }),
    terraformVariable({
      name: 'ssl_policy_name',
      type: 'string',
      description:
        'Name of the TLS policy of the ingress load balancer (the FrontendConfig refers to it by name).',
    }),
  ];
}
