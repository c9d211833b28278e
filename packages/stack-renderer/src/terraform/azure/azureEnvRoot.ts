import {
  attr,
  blank,
  block,
  comment,
  data,
  expr,
  writeHcl,
  type HclBlock,
  type HclBody,
  type HclValue,
} from '../../hcl/hcl';
import {
  appNamespace,
  azureDeployIdentityName,
  azureEnvironmentResourceGroup,
  azureStateContainer,
  azureStateResourceGroup,
} from '../../naming';
import { systemPool } from '../../spec/presets';
import type { Environment } from '../../spec/profiles';
import { REGIONS } from '../../spec/regions';
import {
  resolveEnvironment,
  type ResolvedEnvironment,
} from '../../spec/resolveEnvironment';
import type { StackSpec } from '../../spec/stackSpec';
import { stackTags, TAG_KEYS } from '../../tags';
import type { FileTree } from '../../types';
import { terraformOutput } from '../common/terraformOutput';
import { terraformVariable } from '../common/terraformVariable';
import { azureProvider, terraformRequirements } from './azureHclBlocks';
import { azureAnyGpu } from './azureClusterModule';
import { postgresStorageMb } from './azureDatabaseModule';
import { azureNetworkRanges } from './azureNetworkRanges';
import { azureResourceNames } from './azureResourceNames';

/** The private endpoint of a PaaS service: the shared subnet and the service's private DNS zone. */
function privateEndpoint(dnsZone: string) {
  return [
    attr(
      'private_endpoints_subnet_id',
      expr('module.network.private_endpoints_subnet_id'),
    ),
    attr(
      'private_dns_zone_id',
      expr(`module.network.private_dns_zone_ids["${dnsZone}"]`),
    ),
  ];
}

/** The app's user-assigned identity, which the data services grant access to. */
const appPrincipal = attr(
  'app_principal_id',
  expr('module.cluster.app_identity_principal_id'),
);

function moduleCall(name: string, body: HclBody): HclBlock {
  return block(
    'module',
    [name],
    [
      attr('source', `../../../modules/${name}/azure`),
      blank(),
      attr('name_prefix', expr('var.name_prefix')),
      attr('location', expr('data.azurerm_resource_group.this.location')),
      attr(
        'resource_group_name',
        expr('data.azurerm_resource_group.this.name'),
      ),
      attr('tags', expr('var.tags')),
      blank(),
      body,
    ],
  );
}

function versions(): string {
  return writeHcl([
    terraformRequirements(),
    comment(
      'No subscription is written here: CI sets ARM_SUBSCRIPTION_ID, ARM_TENANT_ID, ARM_CLIENT_ID and\n' +
        'ARM_USE_OIDC from the GitHub environment (AZURE_* variables, GitHub OIDC, no secrets);\n' +
        'locally, `az login` and `export ARM_SUBSCRIPTION_ID=...`.',
    ),
    azureProvider(),
  ]);
}

function backend(spec: StackSpec, environment: Environment): string {
  return writeHcl([
    comment(
      'State lives in the storage account created by infra/bootstrap/azure, in a container of this\n' +
        "environment's own: no other environment's identity can write it. The account name is passed\n" +
        'at init time: terraform init -backend-config=storage_account_name=$TF_STATE_ACCOUNT\n' +
        '(bootstrap output tf_state_account). Access uses Entra ID; the account has no shared keys.',
    ),
    block(
      'terraform',
      [],
      [
        block(
          'backend',
          ['azurerm'],
          [
            attr(
              'resource_group_name',
              azureStateResourceGroup(spec.metadata.name),
            ),
            attr('container_name', azureStateContainer(environment)),
            attr('key', 'terraform.tfstate'),
            attr('use_azuread_auth', true),
          ],
        ),
      ],
    ),
  ]);
}

function main(spec: StackSpec, environment: Environment): string {
  const { services } = spec.spec;
  const name = spec.metadata.name;
  return writeHcl([
    block(
      'locals',
      [],
      [
        comment(
          'Namespace and ServiceAccount of the application (the stack name), trusted by its identity.',
        ),
        attr('app_name', appNamespace(name)),
        attr(
          'admin_group_object_ids',
          expr('var.admin_group == null ? [] : [var.admin_group.object_id]'),
        ),
        services.postgres && [
          blank(),
          comment(
            [
              'The PostgreSQL Entra administrator: the admin group (required in prod), or without one the',
              'CI identity. Never the application, which gets an ordinary role (docs/operations.md).',
            ].join('\n'),
          ),
          attr(
            'postgres_administrator',
            expr(
              'var.admin_group != null ? {\n    object_id      = var.admin_group.object_id\n    principal_name = var.admin_group.display_name\n    principal_type = "Group"\n    } : {\n    object_id      = data.azurerm_user_assigned_identity.deploy.principal_id\n    principal_name = data.azurerm_user_assigned_identity.deploy.name\n    principal_type = "ServicePrincipal"\n  }',
            ),
          ),
        ],
      ],
    ),
    comment(
      [
        'Everything of this environment lives in one resource group, created by infra/bootstrap/azure:',
        "this environment's CI identity may manage that group and nothing outside it.",
      ].join('\n'),
    ),
    data('azurerm_resource_group', 'this', [
      attr('name', azureEnvironmentResourceGroup({ name, environment })),
    ]),
    comment(
      [
        "This environment's CI identity (infra/bootstrap/azure), which deploys to the cluster, looked",
        'up by name so the grants do not depend on who runs Terraform.',
      ].join('\n'),
    ),
    data('azurerm_user_assigned_identity', 'deploy', [
      attr('name', azureDeployIdentityName({ name, environment })),
      attr('resource_group_name', azureStateResourceGroup(name)),
    ]),
    moduleCall('network', [
      attr('address_space', expr('var.address_space')),
      attr('pod_cidr', expr('var.pod_cidr')),
      attr('nat_gateway_zones', expr('var.nat_gateway_zones')),
      attr(
        'flow_log_storage_account_name',
        expr('var.flow_log_storage_account_name'),
      ),
      attr('flow_log_retention_days', expr('max(var.log_retention_days, 90)')),
      attr('network_watcher_name', expr('var.network_watcher_name')),
      attr(
        'network_watcher_resource_group_name',
        expr('var.network_watcher_resource_group_name'),
      ),
    ]),
    moduleCall('cluster', [
      attr('kubernetes_version', expr('var.kubernetes_version')),
      attr('sku_tier', expr('var.aks_sku_tier')),
      attr('nodes_subnet_id', expr('module.network.nodes_subnet_id')),
      attr('api_server_subnet_id', expr('module.network.api_server_subnet_id')),
      attr(
        'private_endpoints_subnet_id',
        expr('module.network.private_endpoints_subnet_id'),
      ),
      attr(
        'key_vault_private_dns_zone_id',
        expr('module.network.private_dns_zone_ids["key_vault"]'),
      ),
      attr('pod_cidr', expr('var.pod_cidr')),
      attr('service_cidr', expr('var.service_cidr')),
      attr('system_pool', expr('var.system_pool')),
      attr('application_pool', expr('var.application_pool')),
      azureAnyGpu(spec) && attr('gpu_pool', expr('var.gpu_pool')),
      attr('admin_group_object_ids', expr('local.admin_group_object_ids')),
      attr(
        'deploy_principal_id',
        expr('data.azurerm_user_assigned_identity.deploy.principal_id'),
      ),
      attr('log_retention_days', expr('var.log_retention_days')),
      attr('key_vault_name', expr('var.key_vault_name')),
      attr('app_namespace', expr('local.app_name')),
      attr('app_service_account', expr('local.app_name')),
    ]),
    services.postgres &&
      moduleCall('database', [
        attr('server_name', expr('var.postgres_server_name')),
        attr('sku_name', expr('var.postgres_sku_name')),
        attr('storage_mb', expr('var.postgres_storage_mb')),
        attr('subnet_id', expr('module.network.postgres_subnet_id')),
        attr(
          'private_dns_zone_id',
          expr('module.network.private_dns_zone_ids["postgres"]'),
        ),
        attr('backup_retention_days', expr('var.backup_retention_days')),
        attr(
          'geo_redundant_backup_enabled',
          expr('var.postgres_geo_redundant_backup'),
        ),
        attr('high_availability', expr('var.high_availability')),
        attr('deletion_protection', expr('var.deletion_protection')),
        attr(
          'log_analytics_workspace_id',
          expr('module.cluster.log_analytics_workspace_id'),
        ),
        attr('entra_administrator', expr('local.postgres_administrator')),
        attr('database_name', expr('local.app_name')),
      ]),
    services.redis &&
      moduleCall('cache', [
        attr('cache_name', expr('var.redis_cache_name')),
        attr('sku_name', expr('var.redis_sku_name')),
        attr('high_availability', expr('var.high_availability')),
        ...privateEndpoint('redis'),
        appPrincipal,
      ]),
    services.objectStorage &&
      moduleCall('storage', [
        attr('storage_account_name', expr('var.storage_account_name')),
        attr('replication_type', expr('var.high_availability ? "ZRS" : "LRS"')),
        attr('soft_delete_retention_days', expr('var.backup_retention_days')),
        attr('container_name', expr('local.app_name')),
        attr('deletion_protection', expr('var.deletion_protection')),
        ...privateEndpoint('blob'),
        appPrincipal,
      ]),
    services.registry &&
      moduleCall('registry', [
        attr('registry_name', expr('var.registry_name')),
        attr('zone_redundancy_enabled', expr('var.high_availability')),
        ...privateEndpoint('registry'),
        attr(
          'kubelet_principal_id',
          expr('module.cluster.kubelet_principal_id'),
        ),
      ]),
    services.monitoring &&
      moduleCall('monitoring', [
        attr('resource_group_id', expr('data.azurerm_resource_group.this.id')),
        attr('cluster_id', expr('module.cluster.cluster_id')),
        attr('grafana_name', expr('var.grafana_name')),
        attr('zone_redundancy_enabled', expr('var.high_availability')),
        attr('grafana_admin_object_ids', expr('local.admin_group_object_ids')),
      ]),
  ]);
}

const POOL_FIELDS = [
  'vm_size = string',
  'min_count = number',
  'max_count = number',
  'os_disk_size_gb = number',
];

/** An HCL object type written the way `terraform fmt` lays it out inside a top-level block. */
function objectType(fields: readonly string[]): string {
  const pairs = fields.map(field => field.split(' = '));
  const width = Math.max(...pairs.map(([name]) => name.length));
  return `object({\n${pairs
    .map(([name, type]) => `    ${name.padEnd(width)} = ${type}\n`)
    .join('')}  })`;
}

function variables(spec: StackSpec, environment: Environment): string {
  const { services } = spec.spec;
  const regions = Object.keys(REGIONS.azure)
    .map(region => `"${region}"`)
    .join(', ');
  const nameRule = (name: string, pattern: string, rule: string) => ({
    condition: `can(regex("${pattern}", var.${name}))`,
    message: `${name} must be ${rule}.`,
  });
  return writeHcl([
    terraformVariable({
      name: 'name_prefix',
      type: 'string',
      description: 'Prefix of every resource name: stack name and environment.',
      validations: [
        nameRule(
          'name_prefix',
          '^[a-z][a-z0-9-]{1,38}[a-z0-9]$',
          'lowercase letters, digits and hyphens',
        ),
      ],
    }),
    terraformVariable({
      name: 'location',
      type: 'string',
      description: 'Azure region of the environment.',
      validations: [
        {
          condition: `contains([${regions}], var.location)`,
          message: 'location must be a region Skyforge supports.',
        },
      ],
    }),
    terraformVariable({
      name: 'tags',
      type: 'map(string)',
      description:
        'Attribution tags set on every resource (see the Skyforge tag contract).',
      validations: [
        {
          condition: `alltrue([for key in [${TAG_KEYS.map(
            key => `"${key}"`,
          ).join(', ')}] : contains(keys(var.tags), key)])`,
          message: 'tags must contain every Skyforge attribution key.',
        },
        {
          condition:
            'alltrue([for value in values(var.tags) : can(regex("^[a-z0-9_-]{1,63}$", value))])',
          message:
            'Tag values must be 1 to 63 lowercase letters, digits, underscores or hyphens.',
        },
      ],
    }),
    terraformVariable({
      name: 'address_space',
      type: 'string',
      description: 'The /16 IPv4 block of the VNet.',
      validations: [
        {
          condition:
            'can(cidrhost(var.address_space, 0)) && endswith(var.address_space, "/16")',
          message: 'address_space must be an IPv4 /16 block.',
        },
      ],
    }),
    terraformVariable({
      name: 'pod_cidr',
      type: 'string',
      description: 'Overlay range of the pods; must not overlap the VNet.',
      validations: [
        {
          condition: 'can(cidrhost(var.pod_cidr, 0))',
          message: 'pod_cidr must be an IPv4 CIDR block.',
        },
      ],
    }),
    terraformVariable({
      name: 'service_cidr',
      type: 'string',
      description:
        'Range of the Kubernetes services; must not overlap the VNet or the pods.',
      validations: [
        {
          condition: 'can(cidrhost(var.service_cidr, 0))',
          message: 'service_cidr must be an IPv4 CIDR block.',
        },
      ],
    }),
    terraformVariable({
      name: 'nat_gateway_zones',
      type: 'list(string)',
      description:
        'Zone of the NAT gateway and its IP; empty lets Azure choose.',
      validations: [
        {
          condition:
            'alltrue([for zone in var.nat_gateway_zones : contains(["1", "2", "3"], zone)])',
          message: 'nat_gateway_zones may only contain "1", "2" or "3".',
        },
      ],
    }),
    terraformVariable({
      name: 'kubernetes_version',
      type: 'string',
      description:
        'Kubernetes minor version at creation; the stable upgrade channel moves it forward.',
      validations: [
        nameRule(
          'kubernetes_version',
          '^1\\\\.[0-9]+$',
          'a minor version such as 1.33',
        ),
      ],
    }),
    terraformVariable({
      name: 'aks_sku_tier',
      type: 'string',
      description: 'AKS tier: Standard (uptime SLA) or Free.',
      validations: [
        {
          condition: 'contains(["Free", "Standard"], var.aks_sku_tier)',
          message: 'aks_sku_tier must be Free or Standard.',
        },
      ],
    }),
    terraformVariable({
      name: 'system_pool',
      type: objectType(POOL_FIELDS),
      description: 'VM size, disk and autoscaling bounds of the system pool.',
      validations: [
        {
          condition:
            'var.system_pool.min_count >= 2 && var.system_pool.max_count >= var.system_pool.min_count',
          message:
            'The system pool needs at least two nodes and max_count >= min_count.',
        },
      ],
    }),
    terraformVariable({
      name: 'application_pool',
      type: objectType([...POOL_FIELDS, 'spot = bool']),
      description:
        'VM size, disk, autoscaling bounds and capacity type of the application pool.',
      validations: [
        {
          condition:
            'var.application_pool.max_count >= var.application_pool.min_count',
          message: 'application_pool.max_count must be at least min_count.',
        },
      ],
    }),
    azureAnyGpu(spec) &&
      terraformVariable({
        name: 'gpu_pool',
        type: objectType([
          'vm_size = string',
          'max_count = number',
          'os_disk_size_gb = number',
        ]),
        description: 'GPU pool scaled from zero; null for none.',
        default: expr('null'),
      }),
    terraformVariable({
      name: 'admin_group',
      type: objectType(['object_id = string', 'display_name = string']),
      description: `Entra ID group of the people who administer this environment: cluster admin, PostgreSQL administrator, Grafana admin and Key Vault certificates officer. ${
        environment === 'prod'
          ? 'Required in prod.'
          : 'Without one, only CI can reach the cluster and the database.'
      }`,
      default: expr('null'),
      validations:
        environment === 'prod'
          ? [
              {
                condition: 'var.admin_group != null',
                message:
                  'admin_group is required in prod: set the object ID and display name of the Entra group that administers it (az ad group show --group <name> --query "{object_id: id, display_name: displayName}").',
              },
            ]
          : [],
    }),
    terraformVariable({
      name: 'network_watcher_name',
      type: 'string',
      description:
        'Network Watcher of the region (infra/bootstrap/azure creates it, or names the existing one).',
    }),
    terraformVariable({
      name: 'network_watcher_resource_group_name',
      type: 'string',
      description: 'Resource group of the Network Watcher.',
    }),
    terraformVariable({
      name: 'log_retention_days',
      type: 'number',
      description: 'Days logs are kept (flow logs keep at least 90).',
      validations: [
        {
          condition:
            'var.log_retention_days >= 30 && var.log_retention_days <= 730',
          message: 'log_retention_days must be between 30 and 730.',
        },
      ],
    }),
    terraformVariable({
      name: 'backup_retention_days',
      type: 'number',
      description: 'Days backups and soft-deleted data are kept.',
    }),
    terraformVariable({
      name: 'high_availability',
      type: 'bool',
      description: 'Zone-redundant data services and replicas.',
    }),
    terraformVariable({
      name: 'deletion_protection',
      type: 'bool',
      description: 'Lock data services against deletion.',
    }),
    terraformVariable({
      name: 'key_vault_name',
      type: 'string',
      description: 'Globally unique Key Vault name.',
      validations: [
        nameRule(
          'key_vault_name',
          '^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$',
          '3 to 24 letters, digits and hyphens',
        ),
      ],
    }),
    terraformVariable({
      name: 'flow_log_storage_account_name',
      type: 'string',
      description: 'Globally unique name of the flow-log storage account.',
      validations: [
        nameRule(
          'flow_log_storage_account_name',
          '^[a-z0-9]{3,24}$',
          '3 to 24 lowercase letters and digits',
        ),
      ],
    }),
    services.postgres && [
      terraformVariable({
        name: 'postgres_server_name',
        type: 'string',
        description: 'Globally unique PostgreSQL server name.',
        validations: [
          nameRule(
            'postgres_server_name',
            '^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$',
            '3 to 63 lowercase letters, digits and hyphens',
          ),
        ],
      }),
      terraformVariable({
        name: 'postgres_sku_name',
        type: 'string',
        description: 'Compute SKU of PostgreSQL, e.g. GP_Standard_D2ds_v5.',
        validations: [
          nameRule(
            'postgres_sku_name',
            '^(B|GP|MO)_Standard_',
            'a Flexible Server SKU (B_, GP_ or MO_Standard_...)',
          ),
        ],
      }),
      terraformVariable({
        name: 'postgres_storage_mb',
        type: 'number',
        description: 'Initial PostgreSQL storage in MiB.',
      }),
      terraformVariable({
        name: 'postgres_geo_redundant_backup',
        type: 'bool',
        description: 'Copy PostgreSQL backups to the paired region.',
      }),
    ],
    services.redis && [
      terraformVariable({
        name: 'redis_cache_name',
        type: 'string',
        description: 'Globally unique Azure Managed Redis name.',
        validations: [
          nameRule(
            'redis_cache_name',
            '^[a-zA-Z0-9][a-zA-Z0-9-]{0,58}[a-zA-Z0-9]$',
            '2 to 60 letters, digits and hyphens',
          ),
        ],
      }),
      terraformVariable({
        name: 'redis_sku_name',
        type: 'string',
        description:
          'Azure Managed Redis SKU, e.g. Balanced_B1 (tier and memory size).',
        validations: [
          nameRule(
            'redis_sku_name',
            '^(Balanced_B|MemoryOptimized_M|ComputeOptimized_X)[0-9]+$',
            'an in-memory Azure Managed Redis SKU (Balanced_B.., MemoryOptimized_M.., ComputeOptimized_X..)',
          ),
        ],
      }),
    ],
    services.objectStorage &&
      terraformVariable({
        name: 'storage_account_name',
        type: 'string',
        description: 'Globally unique storage account name.',
        validations: [
          nameRule(
            'storage_account_name',
            '^[a-z0-9]{3,24}$',
            '3 to 24 lowercase letters and digits',
          ),
        ],
      }),
    services.registry &&
      terraformVariable({
        name: 'registry_name',
        type: 'string',
        description: 'Globally unique container registry name.',
        validations: [
          nameRule(
            'registry_name',
            '^[a-zA-Z0-9]{5,50}$',
            '5 to 50 letters and digits',
          ),
        ],
      }),
    services.monitoring &&
      terraformVariable({
        name: 'grafana_name',
        type: 'string',
        description: 'Name of Managed Grafana.',
      }),
  ]);
}

function outputs(spec: StackSpec): string {
  const { services } = spec.spec;
  return writeHcl([
    terraformOutput({
      name: 'cluster_name',
      description: 'Name of the AKS cluster.',
      value: 'module.cluster.cluster_name',
    }),
    terraformOutput({
      name: 'region',
      description: 'Azure region of the environment.',
      value: 'data.azurerm_resource_group.this.location',
    }),
    terraformOutput({
      name: 'resource_group_name',
      description: 'Resource group of the environment.',
      value: 'data.azurerm_resource_group.this.name',
    }),
    terraformOutput({
      name: 'app_identity_client_id',
      description:
        'Client ID of the application identity; the Kustomize azure component puts it on the ServiceAccount.',
      value: 'module.cluster.app_identity_client_id',
    }),
    terraformOutput({
      name: 'oidc_issuer_url',
      description: 'OIDC issuer of the cluster.',
      value: 'module.cluster.oidc_issuer_url',
    }),
    terraformOutput({
      name: 'key_vault_uri',
      description: 'URI of the application Key Vault.',
      value: 'module.cluster.key_vault_uri',
    }),
    terraformOutput({
      name: 'key_vault_name',
      description:
        'Name of the application Key Vault, which holds the ingress TLS certificate.',
      value: 'var.key_vault_name',
    }),
    services.postgres && [
      terraformOutput({
        name: 'database_endpoint',
        description: 'Private host name of PostgreSQL.',
        value: 'module.database.fqdn',
      }),
      terraformOutput({
        name: 'app_identity_name',
        description:
          'Name of the application identity: its PostgreSQL role (created once, docs/operations.md).',
        value: 'module.cluster.app_identity_name',
      }),
      terraformOutput({
        name: 'app_identity_principal_id',
        description:
          'Object ID of the application identity, for its PostgreSQL role.',
        value: 'module.cluster.app_identity_principal_id',
      }),
    ],
    services.redis &&
      terraformOutput({
        name: 'cache_endpoint',
        description: 'Host name of Azure Managed Redis (TLS port 10000).',
        value: 'module.cache.hostname',
      }),
    services.objectStorage && [
      terraformOutput({
        name: 'bucket_name',
        description: 'Storage account of the application.',
        value: 'module.storage.storage_account_name',
      }),
      terraformOutput({
        name: 'storage_container_name',
        description: 'Blob container of the application.',
        value: 'module.storage.container_name',
      }),
    ],
    services.registry &&
      terraformOutput({
        name: 'registry_url',
        description: 'Login server of the container registry.',
        value: 'module.registry.login_server',
      }),
    services.monitoring &&
      terraformOutput({
        name: 'grafana_endpoint',
        description: 'URL of Managed Grafana.',
        value: 'module.monitoring.grafana_endpoint',
      }),
  ]);
}

/** The environment values, from the size preset, the environment profile and the overrides. */
function tfvars(spec: StackSpec, resolved: ResolvedEnvironment): string {
  const { services } = spec.spec;
  const { preset, profile } = resolved;
  const names = azureResourceNames({ spec, environment: resolved.environment });
  const ranges = azureNetworkRanges(spec.spec.network.cidr);
  const pool = (values: {
    machineTypes: readonly string[];
    minNodes: number;
    maxNodes: number;
    diskGb: number;
  }) => ({
    vm_size: values.machineTypes[0],
    min_count: values.minNodes,
    max_count: values.maxNodes,
    os_disk_size_gb: values.diskGb,
  });
  const value = (name: string, item: HclValue | undefined) => attr(name, item);
  return writeHcl([
    comment(
      `${resolved.environment} on Azure (${resolved.region}), size ${resolved.size}. Rendered by Skyforge from skyforge.yaml.`,
    ),
    value('name_prefix', resolved.resourcePrefix),
    value('location', resolved.region),
    value('tags', stackTags({ spec, environment: resolved.environment })),
    value('address_space', spec.spec.network.cidr),
    value('pod_cidr', ranges.podCidr),
    value('service_cidr', ranges.serviceCidr),
    value('nat_gateway_zones', profile.natPerZone ? ['1'] : []),
    blank(),
    value('kubernetes_version', spec.spec.cluster.kubernetesVersion),
    value('aks_sku_tier', profile.controlPlaneSla ? 'Standard' : 'Free'),
    value('system_pool', pool(systemPool(preset))),
    value('application_pool', {
      ...pool(preset.application),
      spot: resolved.spot,
    }),
    azureAnyGpu(spec) &&
      value(
        'gpu_pool',
        resolved.gpu
          ? {
              vm_size: preset.gpu.machineTypes[0],
              max_count: preset.gpu.maxNodes,
              os_disk_size_gb: preset.gpu.diskGb,
            }
          : expr('null'),
      ),
    blank(),
    value('log_retention_days', profile.logRetentionDays),
    value('backup_retention_days', profile.backupRetentionDays),
    value('high_availability', profile.highAvailability),
    value('deletion_protection', profile.deletionProtection),
    blank(),
    comment(
      resolved.environment === 'prod'
        ? [
            'Required in prod: the Entra group that administers this environment (cluster, database,',
            'Grafana, TLS certificate), e.g.',
            '# admin_group = { object_id = "<group object ID>", display_name = "<group name>" }',
          ].join('\n')
        : [
            'The Entra group that administers this environment (cluster, database, Grafana, TLS',
            'certificate); without one only CI reaches the cluster and the database, e.g.',
            '# admin_group = { object_id = "<group object ID>", display_name = "<group name>" }',
          ].join('\n'),
    ),
    blank(),
    comment(
      [
        'The Network Watcher infra/bootstrap/azure created; if the subscription already had one',
        '(existing_network_watcher), name that one here.',
      ].join('\n'),
    ),
    value('network_watcher_name', `NetworkWatcher_${resolved.region}`),
    value(
      'network_watcher_resource_group_name',
      azureStateResourceGroup(spec.metadata.name),
    ),
    blank(),
    comment(
      'Globally unique names: stack name, environment and a stable hash. Change them here if taken.',
    ),
    value('key_vault_name', names.keyVault),
    value('flow_log_storage_account_name', names.flowLogStorageAccount),
    services.postgres && [
      value('postgres_server_name', names.postgresServer),
      value('postgres_sku_name', preset.database.tier),
      value(
        'postgres_storage_mb',
        postgresStorageMb(preset.database.storageGb),
      ),
      value('postgres_geo_redundant_backup', resolved.environment === 'prod'),
    ],
    services.redis && [
      value('redis_cache_name', names.redisCache),
      value('redis_sku_name', preset.cache.tier),
    ],
    services.objectStorage &&
      value('storage_account_name', names.storageAccount),
    services.registry && value('registry_name', names.registry),
    services.monitoring && value('grafana_name', names.grafana),
  ]);
}

/** `infra/envs/<env>/azure`: the root module of one environment. */

export function azureEnvRoot(options: {
  spec: StackSpec;
  environment: Environment;
}): FileTree {
  const { spec, environment } = options;
  const resolved = resolveEnvironment({ spec, cloud: 'azure', environment });
  const directory = `infra/envs/${environment}/azure`;
  return {
    [`${directory}/versions.tf`]: versions(),
    [`${directory}/backend.tf`]: backend(spec, environment),
    [`${directory}/main.tf`]: main(spec, environment),
    [`${directory}/variables.tf`]: variables(spec, environment),
    [`${directory}/outputs.tf`]: outputs(spec),
    [`${directory}/terraform.tfvars`]: tfvars(spec, resolved),
  };
}
