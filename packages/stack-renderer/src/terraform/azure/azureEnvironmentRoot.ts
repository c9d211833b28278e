import { azureBudget } from './azureBudget';
import {
  attr,
  blank,
  comment,
  data,
  expr,
  block,
  type HclBlock,
  type HclBody,
} from '../../hcl/hcl';
import {
  appNamespace,
  azureDeployIdentityName,
  azureEnvironmentResourceGroup,
  azureStateContainer,
  azureStateResourceGroup,
  clusterEntityName,
} from '../../naming';
import { stackService } from '../../services/stackServices';
import {
  plannedSystemPool,
  type PlannedNodePool,
} from '../../plan/environmentPlan';
import type { Environment } from '../../spec/profiles';
import { REGIONS } from '../../spec/regions';
import type { StackSpec } from '../../spec/stackSpec';
import {
  capabilityTags,
  serviceCapabilityTags,
  stackTags,
  TAG_KEYS,
} from '../../tags';
import type { FileTree } from '../../types';
import type { Capability } from '../common/capability';
import { capabilityTagsExpression } from '../common/capabilityTagsExpression';
import {
  environmentRoot,
  moduleCall as environmentModuleCall,
  type ServiceRoot,
  type TfvarsSection,
} from '../common/environmentRoot';
import type { RootVariable } from '../common/rootVariable';
import { terraformOutput } from '../common/terraformOutput';
import {
  AZURE_HEALTH_READER_ROOT_VARIABLE,
  azureHealthReaderOutputs,
} from './azureHealthReader';
import { terraformSettings } from '../common/terraformSettings';
import { azureAnyGpu } from './azureClusterModule';
import { azureProvider } from './azureHclBlocks';
import { azureNetworkRanges } from './azureNetworkRanges';
import { azureResourceNames } from './azureResourceNames';
import {
  AZURE_NODE_POOLS_DESCRIPTION,
  AZURE_NODE_POOLS_TYPE,
  AZURE_NODE_POOLS_VALIDATIONS,
  azureNodePoolsValue,
} from './azureCustomPools';
import {
  azureNameRule,
  type AzureEnvironment,
  type AzureService,
} from './azureService';
import { azureServerlessRoot } from './azureServerlessRoot';
import {
  runsKubernetes,
  SERVERLESS_RESOURCE_TYPE,
} from '../../spec/computeTarget';

/** The serverless module's folder (capability), as on every cloud. */
const SERVERLESS_CAPABILITY = 'serverless';

type AzureServerlessRootParts = ReturnType<typeof azureServerlessRoot>;

function moduleCall(
  capability: Capability,
  body: HclBody,
  moduleTags: Readonly<Record<string, string>> = {},
): HclBlock {
  return environmentModuleCall({
    cloud: 'azure',
    capability,
    arguments: [
      attr('name_prefix', expr('var.name_prefix')),
      attr('location', expr('data.azurerm_resource_group.this.location')),
      attr(
        'resource_group_name',
        expr('data.azurerm_resource_group.this.name'),
      ),
      attr('tags', capabilityTagsExpression('var.tags', moduleTags)),
      blank(),
      body,
    ],
  });
}

function versions(): HclBody {
  return [
    terraformSettings('azure'),
    comment(
      'No subscription is written here: CI sets ARM_SUBSCRIPTION_ID, ARM_TENANT_ID, ARM_CLIENT_ID and\n' +
        'ARM_USE_OIDC from the GitHub environment (AZURE_* variables, GitHub OIDC, no secrets);\n' +
        'locally, `az login` and `export ARM_SUBSCRIPTION_ID=...`.',
    ),
    azureProvider(),
  ];
}

function backend(spec: StackSpec, environment: Environment): HclBody {
  return [
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
  ];
}

function main(
  context: AzureEnvironment,
  services: ReadonlyArray<{ service: AzureService; root: ServiceRoot }>,
  serverless: AzureServerlessRootParts | undefined,
): HclBody {
  const { spec, environment } = context;
  const name = spec.metadata.name;
  return [
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
        services.map(({ service }) => service.locals),
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
    serverless
      ? moduleCall(
          SERVERLESS_CAPABILITY,
          serverless.arguments,
          capabilityTags({ type: SERVERLESS_RESOURCE_TYPE }),
        )
      : moduleCall(
          'cluster',
          [
            attr('kubernetes_version', expr('var.kubernetes_version')),
            attr('sku_tier', expr('var.aks_sku_tier')),
            attr('nodes_subnet_id', expr('module.network.nodes_subnet_id')),
            attr(
              'api_server_subnet_id',
              expr('module.network.api_server_subnet_id'),
            ),
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
            context.resolved.nodePools.custom
              ? attr('node_pools', expr('var.node_pools'))
              : [
                  attr('system_pool', expr('var.system_pool')),
                  attr('application_pool', expr('var.application_pool')),
                ],
            azureAnyGpu(spec) && attr('gpu_pool', expr('var.gpu_pool')),
            attr(
              'admin_group_object_ids',
              expr('local.admin_group_object_ids'),
            ),
            attr(
              'deploy_principal_id',
              expr('data.azurerm_user_assigned_identity.deploy.principal_id'),
            ),
            attr('log_retention_days', expr('var.log_retention_days')),
            attr('key_vault_name', expr('var.key_vault_name')),
            attr('app_namespace', expr('local.app_name')),
            attr('app_service_account', expr('local.app_name')),
          ],
          capabilityTags({
            type: 'kubernetes-cluster',
            cluster: clusterEntityName({ spec, environment, cloud: 'azure' }),
          }),
        ),
    services.map(({ service, root }) =>
      moduleCall(
        root.capability ?? stackService(service.id).capability,
        root.arguments,
        serviceCapabilityTags(service.id),
      ),
    ),
    azureBudget({
      spec,
      environment,
      actionGroup: serverless
        ? 'module.serverless_monitoring.action_group_id'
        : 'module.monitoring.action_group_id',
    }),
  ];
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

/** The variables only an AKS environment has: service range, version, tier and node pools. */
const CLUSTER_VARIABLES: ReadonlySet<string> = new Set([
  'service_cidr',
  'kubernetes_version',
  'aks_sku_tier',
  'node_pools',
  'system_pool',
  'application_pool',
  'gpu_pool',
]);

/** The platform's variables of the root, with their values and terraform.tfvars sections. */
function platformVariables(context: AzureEnvironment): RootVariable[] {
  const all = allPlatformVariables(context);
  return runsKubernetes(context.resolved)
    ? all
    : all.filter(variable => !CLUSTER_VARIABLES.has(variable.name));
}

function allPlatformVariables(context: AzureEnvironment): RootVariable[] {
  const { spec, environment, resolved } = context;
  const { profile, nodePools } = resolved;
  const names = azureResourceNames({ spec, environment });
  const ranges = azureNetworkRanges(resolved.cidr);
  const pool = (values: PlannedNodePool) => ({
    vm_size: values.machineType,
    min_count: values.minNodes,
    max_count: values.maxNodes,
    os_disk_size_gb: values.diskGb,
  });
  const regions = Object.keys(REGIONS.azure)
    .map(region => `"${region}"`)
    .join(', ');
  return [
    {
      name: 'name_prefix',
      section: 'placement',
      value: resolved.resourcePrefix,
      type: 'string',
      description: 'Prefix of every resource name: stack name and environment.',
      validations: [
        azureNameRule(
          'name_prefix',
          '^[a-z][a-z0-9-]{1,38}[a-z0-9]$',
          'lowercase letters, digits and hyphens',
        ),
      ],
    },
    {
      name: 'location',
      section: 'placement',
      value: resolved.region,
      type: 'string',
      description: 'Azure region of the environment.',
      validations: [
        {
          condition: `contains([${regions}], var.location)`,
          message: 'location must be a region Skyforge supports.',
        },
      ],
    },
    {
      name: 'tags',
      section: 'placement',
      value: stackTags({ spec, environment }),
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
    },
    {
      name: 'address_space',
      section: 'placement',
      value: resolved.cidr,
      type: 'string',
      description: 'The /16 IPv4 block of the VNet.',
      validations: [
        {
          condition:
            'can(cidrhost(var.address_space, 0)) && endswith(var.address_space, "/16")',
          message: 'address_space must be an IPv4 /16 block.',
        },
      ],
    },
    {
      name: 'pod_cidr',
      section: 'placement',
      value: ranges.podCidr,
      type: 'string',
      description: 'Overlay range of the pods; must not overlap the VNet.',
      validations: [
        {
          condition: 'can(cidrhost(var.pod_cidr, 0))',
          message: 'pod_cidr must be an IPv4 CIDR block.',
        },
      ],
    },
    {
      name: 'service_cidr',
      section: 'placement',
      value: ranges.serviceCidr,
      type: 'string',
      description:
        'Range of the Kubernetes services; must not overlap the VNet or the pods.',
      validations: [
        {
          condition: 'can(cidrhost(var.service_cidr, 0))',
          message: 'service_cidr must be an IPv4 CIDR block.',
        },
      ],
    },
    {
      name: 'nat_gateway_zones',
      section: 'placement',
      value: resolved.network.natGatewayZones,
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
    },
    {
      name: 'kubernetes_version',
      section: 'cluster',
      value: spec.spec.cluster.kubernetesVersion,
      type: 'string',
      description:
        'Kubernetes minor version at creation; the stable upgrade channel moves it forward.',
      validations: [
        azureNameRule(
          'kubernetes_version',
          '^1\\\\.[0-9]+$',
          'a minor version such as 1.33',
        ),
      ],
    },
    {
      name: 'aks_sku_tier',
      section: 'cluster',
      value: resolved.controlPlane.skuTier,
      type: 'string',
      description: 'AKS tier: Standard (uptime SLA) or Free.',
      validations: [
        {
          condition: 'contains(["Free", "Standard"], var.aks_sku_tier)',
          message: 'aks_sku_tier must be Free or Standard.',
        },
      ],
    },
    ...(nodePools.custom
      ? [
          {
            name: 'node_pools',
            section: 'cluster',
            value: azureNodePoolsValue(nodePools.custom),
            type: AZURE_NODE_POOLS_TYPE,
            description: AZURE_NODE_POOLS_DESCRIPTION,
            validations: AZURE_NODE_POOLS_VALIDATIONS,
          },
        ]
      : [
          {
            name: 'system_pool',
            section: 'cluster',
            value: pool(plannedSystemPool(resolved)),
            type: objectType(POOL_FIELDS),
            description:
              'VM size, disk and autoscaling bounds of the system pool.',
            validations: [
              {
                condition:
                  'var.system_pool.min_count >= 2 && var.system_pool.max_count >= var.system_pool.min_count',
                message:
                  'The system pool needs at least two nodes and max_count >= min_count.',
              },
            ],
          },
          {
            name: 'application_pool',
            section: 'cluster',
            value: {
              ...pool(nodePools.application),
              spot: nodePools.application.spot,
            },
            type: objectType([...POOL_FIELDS, 'spot = bool']),
            description:
              'VM size, disk, autoscaling bounds and capacity type of the application pool.',
            validations: [
              {
                condition:
                  'var.application_pool.max_count >= var.application_pool.min_count',
                message:
                  'application_pool.max_count must be at least min_count.',
              },
            ],
          },
        ]),
    ...(azureAnyGpu(spec)
      ? [
          {
            name: 'gpu_pool',
            section: 'cluster',
            value: nodePools.gpu
              ? {
                  vm_size: nodePools.gpu.machineType,
                  max_count: nodePools.gpu.maxNodes,
                  os_disk_size_gb: nodePools.gpu.diskGb,
                }
              : expr('null'),
            type: objectType([
              'vm_size = string',
              'max_count = number',
              'os_disk_size_gb = number',
            ]),
            description: 'GPU pool scaled from zero; null for none.',
            default: expr('null'),
          },
        ]
      : []),
    {
      name: 'admin_group',
      section: 'admin',
      note:
        environment === 'prod'
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
    },
    {
      name: 'network_watcher_name',
      section: 'watcher',
      value: `NetworkWatcher_${resolved.region}`,
      type: 'string',
      description:
        'Network Watcher of the region (infra/bootstrap/azure creates it, or names the existing one).',
    },
    {
      name: 'network_watcher_resource_group_name',
      section: 'watcher',
      value: azureStateResourceGroup(spec.metadata.name),
      type: 'string',
      description: 'Resource group of the Network Watcher.',
    },
    {
      name: 'log_retention_days',
      section: 'profile',
      value: profile.logRetentionDays,
      type: 'number',
      description: 'Days logs are kept (flow logs keep at least 90).',
      validations: [
        {
          condition:
            'var.log_retention_days >= 30 && var.log_retention_days <= 730',
          message: 'log_retention_days must be between 30 and 730.',
        },
      ],
    },
    {
      name: 'backup_retention_days',
      section: 'profile',
      value: profile.backupRetentionDays,
      type: 'number',
      description: 'Days backups and soft-deleted data are kept.',
    },
    {
      name: 'high_availability',
      section: 'profile',
      value: profile.highAvailability,
      type: 'bool',
      description: 'Zone-redundant data services and replicas.',
    },
    {
      name: 'deletion_protection',
      section: 'profile',
      value: profile.deletionProtection,
      type: 'bool',
      description: 'Lock data services against deletion.',
    },
    {
      name: 'key_vault_name',
      section: 'names',
      value: names.keyVault,
      type: 'string',
      description: 'Globally unique Key Vault name.',
      validations: [
        azureNameRule(
          'key_vault_name',
          '^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$',
          '3 to 24 letters, digits and hyphens',
        ),
      ],
    },
    {
      name: 'flow_log_storage_account_name',
      section: 'names',
      value: names.flowLogStorageAccount,
      type: 'string',
      description: 'Globally unique name of the flow-log storage account.',
      validations: [
        azureNameRule(
          'flow_log_storage_account_name',
          '^[a-z0-9]{3,24}$',
          '3 to 24 lowercase letters and digits',
        ),
      ],
    },
  ];
}

/** The region and resource group outputs every environment has. */
const PLACEMENT_OUTPUTS: HclBody = [
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
];

function outputs(
  services: ReadonlyArray<{ root: ServiceRoot }>,
  serverless: AzureServerlessRootParts | undefined,
): HclBody {
  if (serverless) {
    return [
      PLACEMENT_OUTPUTS,
      serverless.outputs,
      services.map(({ root }) => root.outputs),
    ];
  }
  return [
    terraformOutput({
      name: 'cluster_name',
      description: 'Name of the AKS cluster.',
      value: 'module.cluster.cluster_name',
    }),
    PLACEMENT_OUTPUTS,
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
    azureHealthReaderOutputs,
    services.map(({ root }) => root.outputs),
  ];
}

/** The groups of terraform.tfvars, in order. */
const TFVARS_SECTIONS: readonly TfvarsSection[] = [
  { id: 'placement' },
  { id: 'cluster' },
  {
    id: 'app',
    heading: 'The container app (serverless): spec.app and spec.app.hpa.',
  },
  { id: 'profile' },
  { id: 'admin' },
  {
    id: 'watcher',
    heading: [
      'The Network Watcher infra/bootstrap/azure created; if the subscription already had one',
      '(existing_network_watcher), name that one here.',
    ].join('\n'),
  },
  {
    id: 'names',
    heading:
      'Globally unique names: stack name, environment and a stable hash. Change them here if taken.',
  },
];

/** `infra/envs/<env>/azure`: the root module of one environment. */
export function azureEnvironmentRoot(context: AzureEnvironment): FileTree {
  const { spec, environment, resolved } = context;
  const services = context.services.map(service => ({
    service,
    root: service.root(context),
  }));
  // A serverless environment runs the application on Container Apps instead of AKS: no cluster,
  // no health reader; the serverless module wires the same service outputs into the container.
  const serverless = runsKubernetes(resolved)
    ? undefined
    : azureServerlessRoot(context, [
        PLACEMENT_OUTPUTS,
        services.map(({ root }) => root.outputs),
      ]);
  return environmentRoot({
    cloud: 'azure',
    environment,
    versions: versions(),
    backend: backend(spec, environment),
    main: main(context, services, serverless),
    variables: [
      ...platformVariables(context),
      ...(serverless
        ? serverless.variables.map(variable => ({
            ...variable,
            section: 'app',
          }))
        : []),
      // The services' variables are their globally unique names and sizes; terraform.tfvars
      // lists them after the platform's names.
      ...services.flatMap(({ root }) =>
        root.variables.map(variable => ({ ...variable, section: 'names' })),
      ),
      ...(serverless
        ? []
        : [{ ...AZURE_HEALTH_READER_ROOT_VARIABLE, section: 'admin' }]),
    ],
    outputs: outputs(services, serverless),
    tfvars: {
      header: [
        comment(
          `${environment} on Azure (${resolved.region}), size ${resolved.size}. Rendered by Skyforge from skyforge.yaml.`,
        ),
      ],
      sections: TFVARS_SECTIONS,
    },
  });
}
