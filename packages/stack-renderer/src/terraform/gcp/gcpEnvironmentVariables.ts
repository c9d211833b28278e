import type { HclBody } from '../../hcl/hcl';
import { expr } from '../../hcl/hcl';
import { ENVIRONMENTS } from '../../spec/profiles';
import { REGIONS } from '../../spec/regions';
import { KUBERNETES_VERSIONS } from '../../spec/kubernetesVersions';
import type { StackSpec } from '../../spec/stackSpec';
import { terraformVariable } from '../common/terraformVariable';

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

/** variables.tf of an environment root: every env value, typed, described and validated. */
export function gcpEnvironmentVariables(spec: StackSpec): HclBody {
  const { services } = spec.spec;
  return [
    terraformVariable({
      name: 'project_id',
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
    }),
    terraformVariable({
      name: 'region',
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
    }),
    terraformVariable({
      name: 'environment',
      type: 'string',
      description: 'Environment this root module deploys.',
      validations: [
        {
          condition: `contains(${quotedList(ENVIRONMENTS)}, var.environment)`,
          message: `environment must be one of ${ENVIRONMENTS.join(', ')}.`,
        },
      ],
    }),
    terraformVariable({
      name: 'stack_name',
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
    }),
    terraformVariable({
      name: 'network_cidr',
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
    }),
    terraformVariable({
      name: 'kubernetes_version',
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
    }),
    terraformVariable({
      name: 'public_endpoint_cidrs',
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
    }),
    terraformVariable({
      name: 'high_availability',
      type: 'bool',
      description:
        'Regional cluster, regional Cloud SQL and Redis with a replica (production).',
    }),
    terraformVariable({
      name: 'deletion_protection',
      type: 'bool',
      description: 'Protect the cluster and the database against deletion.',
    }),
    terraformVariable({
      name: 'backup_retention_days',
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
    }),
    terraformVariable({
      name: 'system_pool',
      type: `object({\n    ${POOL_FIELDS}\n  })`,
      description: 'System node pool: machine type and total node bounds.',
      validations: [poolBoundsValidation('system_pool')],
    }),
    terraformVariable({
      name: 'application_pool',
      type: `object({\n    ${POOL_FIELDS}\n    spot         = bool\n  })`,
      description:
        'Application node pool: machine type, total node bounds and whether it runs on Spot VMs.',
      validations: [poolBoundsValidation('application_pool')],
    }),
    terraformVariable({
      name: 'gpu_pool',
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
    }),
    services.postgres &&
      terraformVariable({
        name: 'database',
        type: 'object({\n    tier         = string\n    disk_size_gb = number\n  })',
        description: 'Cloud SQL machine tier and initial disk size.',
        validations: [
          {
            condition:
              'startswith(var.database.tier, "db-") && var.database.disk_size_gb >= 10',
            message:
              'database.tier must be a Cloud SQL tier (db-...) and disk_size_gb at least 10.',
          },
        ],
      }),
    services.redis &&
      terraformVariable({
        name: 'cache',
        type: 'object({\n    tier           = string\n    memory_size_gb = number\n  })',
        description: 'Memorystore tier (BASIC or STANDARD_HA) and memory size.',
        validations: [
          {
            condition:
              'contains(["BASIC", "STANDARD_HA"], var.cache.tier) && var.cache.memory_size_gb >= 1',
            message:
              'cache.tier must be BASIC or STANDARD_HA and memory_size_gb at least 1.',
          },
        ],
      }),
    services.monitoring &&
      terraformVariable({
        name: 'alert_notification_channels',
        type: 'list(string)',
        description:
          'IDs of existing Cloud Monitoring notification channels that receive alerts.',
        default: [],
        validations: [
          {
            condition:
              'alltrue([for channel in var.alert_notification_channels : can(regex("^projects/[^/]+/notificationChannels/[^/]+$", channel))])',
            message:
              'alert_notification_channels must be IDs of the form projects/<project>/notificationChannels/<id>.',
          },
        ],
      }),
    terraformVariable({
      name: 'labels',
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
    }),
  ];
}
