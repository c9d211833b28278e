import { expr } from '../../hcl/hcl';
import { ENVIRONMENTS } from '../../spec/profiles';
import { REGIONS } from '../../spec/regions';
import { KUBERNETES_VERSIONS } from '../../spec/kubernetesVersions';
import {
  plannedSystemPool,
  type EnvironmentPlan,
  type PlannedNodePool,
} from '../../plan/environmentPlan';
import { runsKubernetes } from '../../spec/computeTarget';
import { stackTags } from '../../tags';
import type { RootVariable } from '../common/rootVariable';
import { TEARDOWN_VARIABLE } from '../common/teardownVariable';
import type { GcpEnvironment } from './gcpService';
import {
  GCP_NODE_POOLS_DESCRIPTION,
  GCP_NODE_POOLS_TYPE,
  GCP_NODE_POOLS_VALIDATIONS,
  gcpNodePoolsValue,
} from './gcpCustomPoolsVariable';

const POOL_FIELDS = `machine_type = string
    min_nodes    = number
    max_nodes    = number
    disk_size_gb = number`;

function poolBoundsValidation(variable: string) {
  return {
    condition: `var.${variable}.min_nodes >= 0 && var.${variable}.min_nodes <= var.${variable}.max_nodes`,
    message: `${variable} needs 0 <= min_nodes <= max_nodes.`,
  };
}

function quotedList(values: readonly string[]): string {
  return `[${values.map(value => JSON.stringify(value)).join(', ')}]`;
}

/** The cluster's version and control plane endpoint variables. */
function clusterVersionVariables(
  cluster: GcpEnvironment['spec']['spec']['cluster'],
): RootVariable[] {
  return [
    {
      name: 'kubernetes_version',
      value: cluster.kubernetesVersion,
      type: 'string',
      description: 'Minimum Kubernetes minor version of the cluster.',
      validations: [
        {
          condition: `contains(${quotedList(
            KUBERNETES_VERSIONS,
          )}, var.kubernetes_version)`,
          message: `kubernetes_version must be one of ${KUBERNETES_VERSIONS.join(
            ', ',
          )}.`,
        },
      ],
    },
    {
      name: 'public_endpoint_cidrs',
      value: cluster.publicEndpointCidrs,
      type: 'list(string)',
      description:
        'Networks admitted to a public control plane endpoint; empty keeps the endpoint private.',
      default: [],
      validations: [
        {
          condition:
            'alltrue([for cidr in var.public_endpoint_cidrs : can(cidrhost(cidr, 0)) && !endswith(cidr, "/0")])',
          message:
            'public_endpoint_cidrs must be IPv4 CIDR blocks and must not open the endpoint to the whole internet.',
        },
      ],
    },
  ];
}

/** The system and application pools of the size preset (without custom pools). */
function presetPools(resolved: GcpEnvironment['resolved']): RootVariable[] {
  const { nodePools } = resolved;
  const pool = (nodePool: PlannedNodePool) => ({
    machine_type: nodePool.machineType,
    min_nodes: nodePool.minNodes,
    max_nodes: nodePool.maxNodes,
    disk_size_gb: nodePool.diskGb,
  });
  return [
    {
      name: 'system_pool',
      value: pool(plannedSystemPool(resolved)),
      type: `object({\n    ${POOL_FIELDS}\n  })`,
      description: 'System node pool: machine type and total node bounds.',
      validations: [poolBoundsValidation('system_pool')],
    },
    {
      name: 'application_pool',
      value: {
        ...pool(nodePools.application),
        spot: nodePools.application.spot,
      },
      type: `object({\n    ${POOL_FIELDS}\n    spot         = bool\n  })`,
      description:
        'Application node pool: machine type, total node bounds and whether it runs on Spot VMs.',
      validations: [poolBoundsValidation('application_pool')],
    },
  ];
}

/**
 * The node pool variables of a Kubernetes environment: the custom pools (spec.cluster.nodePools)
 * or the preset's system and application pools, and the GPU pool.
 */
function nodePoolVariables(
  nodePools: EnvironmentPlan['nodePools'],
  resolved: GcpEnvironment['resolved'],
): RootVariable[] {
  return [
    ...(nodePools.custom
      ? [
          {
            name: 'node_pools',
            value: gcpNodePoolsValue(nodePools.custom),
            type: GCP_NODE_POOLS_TYPE,
            description: GCP_NODE_POOLS_DESCRIPTION,
            validations: GCP_NODE_POOLS_VALIDATIONS,
          },
        ]
      : presetPools(resolved)),
    {
      name: 'gpu_pool',
      value: nodePools.gpu
        ? {
            machine_type: nodePools.gpu.machineType,
            accelerator_type: nodePools.gpu.acceleratorType,
            accelerator_count: nodePools.gpu.acceleratorCount,
            max_nodes: nodePools.gpu.maxNodes,
            disk_size_gb: nodePools.gpu.diskGb,
          }
        : undefined,
      type: `object({
    machine_type      = string
    accelerator_type  = string
    accelerator_count = number
    max_nodes         = number
    disk_size_gb      = number
  })`,
      description: 'GPU node pool, scaling from zero; null for none.',
      default: expr('null'),
      validations: [
        {
          condition:
            'var.gpu_pool == null ? true : var.gpu_pool.max_nodes >= 1 && var.gpu_pool.accelerator_count >= 1',
          message: 'gpu_pool needs max_nodes >= 1 and accelerator_count >= 1.',
        },
      ],
    },
  ];
}

/**
 * The variables of an environment root, typed, described and validated, with their values: the
 * preset, profile and spot policy resolved for the environment.
 */
export function gcpEnvironmentVariables(
  context: GcpEnvironment,
  /** The services' variables, placed before the labels. */
  serviceVariables: readonly RootVariable[],
): RootVariable[] {
  const { spec, environment, resolved, projectId } = context;
  const { cluster } = spec.spec;
  const { profile, nodePools } = resolved;
  // A serverless environment has no cluster: no version, endpoint or node pool variables.
  const kubernetes = runsKubernetes(resolved);
  return [
    {
      name: 'project_id',
      value: projectId,
      type: 'string',
      description: 'GCP project of the stack.',
      validations: [
        {
          condition:
            'can(regex("^[a-z][-a-z0-9]{4,28}[a-z0-9]$", var.project_id))',
          message:
            'project_id must be a GCP project ID: 6 to 30 lowercase letters, digits or hyphens.',
        },
      ],
    },
    {
      name: 'region',
      value: resolved.region,
      type: 'string',
      description: 'GCP region of every regional resource.',
      validations: [
        {
          condition: `contains(${quotedList(
            Object.keys(REGIONS.gcp),
          )}, var.region)`,
          message: `region must be one of ${Object.keys(REGIONS.gcp).join(
            ', ',
          )}.`,
        },
      ],
    },
    {
      name: 'environment',
      value: environment,
      type: 'string',
      description: 'Environment this root module deploys.',
      validations: [
        {
          condition: `contains(${quotedList(ENVIRONMENTS)}, var.environment)`,
          message: `environment must be one of ${ENVIRONMENTS.join(', ')}.`,
        },
      ],
    },
    {
      name: 'stack_name',
      value: spec.metadata.name,
      type: 'string',
      description:
        'Name of the stack; also the namespace and ServiceAccount of the application.',
      validations: [
        {
          condition:
            'can(regex("^[a-z][-a-z0-9]{0,22}[a-z0-9]$", var.stack_name))',
          message:
            'stack_name must be 2 to 24 lowercase letters, digits or hyphens, starting with a letter.',
        },
      ],
    },
    {
      name: 'network_cidr',
      value: resolved.cidr,
      type: 'string',
      description:
        'The /16 block of the VPC (nodes, pods, services, private services access).',
      validations: [
        {
          condition:
            'can(cidrhost(var.network_cidr, 0)) && endswith(var.network_cidr, "/16")',
          message:
            'network_cidr must be an IPv4 /16 block such as 10.40.0.0/16.',
        },
      ],
    },
    ...(kubernetes ? clusterVersionVariables(cluster) : []),
    {
      name: 'high_availability',
      value: profile.highAvailability,
      type: 'bool',
      description: `${
        kubernetes ? 'Regional cluster, regional' : 'Regional'
      } Cloud SQL and Redis with a replica (production).`,
    },
    {
      name: 'deletion_protection',
      value: profile.deletionProtection,
      type: 'bool',
      description: kubernetes
        ? 'Protect the cluster and the database against deletion.'
        : 'Protect the Cloud Run service and the database against deletion.',
    },
    TEARDOWN_VARIABLE,
    {
      name: 'backup_retention_days',
      value: profile.backupRetentionDays,
      type: 'number',
      description:
        'Daily database backups kept, and days old object versions are kept.',
      validations: [
        {
          condition:
            'var.backup_retention_days >= 1 && var.backup_retention_days <= 365',
          message: 'backup_retention_days must be between 1 and 365.',
        },
      ],
    },
    ...(kubernetes ? nodePoolVariables(nodePools, resolved) : []),
    ...serviceVariables,
    {
      name: 'labels',
      value: stackTags({ spec, environment }),
      type: 'map(string)',
      description:
        'Attribution labels on every resource (skyforge-component, skyforge-system, environment, owner, managed-by).',
      validations: [
        {
          condition:
            'alltrue([for key, value in var.labels : can(regex("^[a-z][-_a-z0-9]{0,62}$", key)) && can(regex("^[-_a-z0-9]{0,63}$", value))])',
          message:
            'labels must have lowercase keys and values of at most 63 letters, digits, hyphens or underscores.',
        },
      ],
    },
  ];
}
