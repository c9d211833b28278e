import {
  attr,
  block,
  comment,
  data,
  expr,
  resource,
  type HclBlock,
  type HclBody,
} from '../../hcl/hcl';
import { GPU_NODE_LABEL, GPU_NODE_TAINT, POOL_LABEL_KEY } from '../../naming';
import type { StackSpec } from '../../spec/stackSpec';
import type { FileTree } from '../../types';
import { terraformOutput } from '../common/terraformOutput';
import { azureHealthReaderModuleOutputs } from './azureHealthReader';
import { terraformVariable } from '../common/terraformVariable';
import { commonModuleVariables, placement } from './azureHclBlocks';
import { moduleFiles } from '../common/moduleFiles';
import { azureAppPlatformOutputs } from './azureAppPlatformOutputs';
import { azureKeyVaultBlocks } from './azureKeyVaultBlocks';
import { azureLogAnalyticsWorkspace } from './azureLogAnalyticsWorkspace';
import {
  AZURE_NODE_POOLS_DESCRIPTION,
  AZURE_NODE_POOLS_TYPE,
  AZURE_NODE_POOLS_VALIDATIONS,
  AZURE_SPOT_LABEL,
  azureCustomPools,
  azureSystemPoolSizing,
} from './azureCustomPools';
import { resolveEnvironment } from '../../spec/resolveEnvironment';

const SPOT_LABEL = AZURE_SPOT_LABEL;
const AVAILABILITY_ZONES = ['1', '2', '3'];

/** Whether any environment of the stack runs a GPU pool (the module then declares one, counted). */
export function azureAnyGpu(spec: StackSpec): boolean {
  return spec.spec.environments.some(
    environment =>
      resolveEnvironment({ spec, cloud: 'azure', environment }).gpu,
  );
}

function identity(name: string, suffix: string, why: string): HclBody {
  return [
    comment(why),
    resource('azurerm_user_assigned_identity', name, [
      attr('name', expr(`"\${var.name_prefix}-${suffix}"`)),
      placement(),
      attr('tags', expr('var.tags')),
    ]),
  ];
}

function roleAssignment(options: {
  name: string;
  scope: string;
  role: string;
  principal: string;
  /** Assign to each of several principals (`each.value`); defaults to one service principal. */
  forEach?: string;
  principalType?: 'ServicePrincipal' | 'Group';
}): HclBlock {
  return resource('azurerm_role_assignment', options.name, [
    attr('for_each', options.forEach ? expr(options.forEach) : undefined),
    attr('scope', expr(options.scope)),
    attr('role_definition_name', options.role),
    attr('principal_id', expr(options.principal)),
    attr('principal_type', options.principalType ?? 'ServicePrincipal'),
  ]);
}

function maintenanceWindow(type: string, startTime: string): HclBlock {
  return block(
    type,
    [],
    [
      attr('frequency', 'Weekly'),
      attr('interval', 1),
      attr('day_of_week', 'Sunday'),
      attr('start_time', startTime),
      attr('utc_offset', '+00:00'),
      attr('duration', 4),
    ],
  );
}

function cluster(options: AzureClusterOptions): HclBody {
  const monitoring = options.managedPrometheus;
  return [
    comment(
      'Private AKS cluster: the API server has only a private IP in the VNet (API server VNet\n' +
        'integration), users sign in with Entra ID and are authorised by Azure RBAC, and no local\n' +
        'admin account or run-command backdoor exists. Secrets in etcd are encrypted at rest with\n' +
        "platform keys; KMS etcd encryption with a key of this environment's vault is not enabled,\n" +
        "because creating that key goes through the private vault's data plane, which GitHub-hosted\n" +
        'runners cannot reach (docs/operations.md).',
    ),
    resource('azurerm_kubernetes_cluster', 'this', [
      attr('name', expr('"${var.name_prefix}-aks"')),
      placement(),
      attr('dns_prefix', expr('var.name_prefix')),
      attr('kubernetes_version', expr('var.kubernetes_version')),
      comment('Standard adds the uptime SLA (production); Free has none.'),
      attr('sku_tier', expr('var.sku_tier')),
      attr('cost_analysis_enabled', expr('var.sku_tier != "Free"')),
      comment(
        'Minor and patch upgrades follow the "stable" channel; node images are refreshed weekly.',
      ),
      attr('automatic_upgrade_channel', 'stable'),
      attr('node_os_upgrade_channel', 'NodeImage'),
      attr('private_cluster_enabled', true),
      attr('private_cluster_public_fqdn_enabled', false),
      attr('private_dns_zone_id', 'System'),
      attr('local_account_disabled', true),
      attr('role_based_access_control_enabled', true),
      comment(
        'The API server has no public endpoint. CI (and people without a path into the VNet) run\n' +
          'kubectl through `az aks command invoke`: Azure starts the command in a pod of the\n' +
          "cluster and authenticates it with the caller's Entra token, so it can do exactly what\n" +
          "the caller's AKS RBAC roles allow, and ARM records every call in the activity log.",
      ),
      attr('run_command_enabled', true),
      attr('oidc_issuer_enabled', true),
      attr('workload_identity_enabled', true),
      attr('azure_policy_enabled', true),
      attr('image_cleaner_enabled', true),
      attr('image_cleaner_interval_hours', 48),
      block(
        'api_server_access_profile',
        [],
        [
          attr('virtual_network_integration_enabled', true),
          attr('subnet_id', expr('var.api_server_subnet_id')),
        ],
      ),
      block(
        'azure_active_directory_role_based_access_control',
        [],
        [
          attr('azure_rbac_enabled', true),
          attr(
            'tenant_id',
            expr('data.azurerm_client_config.current.tenant_id'),
          ),
          attr('admin_group_object_ids', expr('var.admin_group_object_ids')),
        ],
      ),
      comment(
        'User-assigned identities survive cluster re-creation and can be granted roles up front.',
      ),
      block(
        'identity',
        [],
        [
          attr('type', 'UserAssigned'),
          attr('identity_ids', [
            expr('azurerm_user_assigned_identity.control_plane.id'),
          ]),
        ],
      ),
      block(
        'kubelet_identity',
        [],
        [
          attr(
            'client_id',
            expr('azurerm_user_assigned_identity.kubelet.client_id'),
          ),
          attr(
            'object_id',
            expr('azurerm_user_assigned_identity.kubelet.principal_id'),
          ),
          attr(
            'user_assigned_identity_id',
            expr('azurerm_user_assigned_identity.kubelet.id'),
          ),
        ],
      ),
      comment(
        'System pool: only critical add-ons run here (CriticalAddonsOnly taint), spread over three\n' +
          'zones. Encryption at host needs the EncryptionAtHost feature registered on the subscription.',
      ),
      block(
        'default_node_pool',
        [],
        [
          attr('name', 'system'),
          attr('temporary_name_for_rotation', 'systemtmp'),
          options.customPools
            ? azureSystemPoolSizing()
            : [
                attr('vm_size', expr('var.system_pool.vm_size')),
                attr('os_sku', 'AzureLinux'),
                attr(
                  'os_disk_size_gb',
                  expr('var.system_pool.os_disk_size_gb'),
                ),
                attr('host_encryption_enabled', true),
                attr('only_critical_addons_enabled', true),
                attr('auto_scaling_enabled', true),
                attr('min_count', expr('var.system_pool.min_count')),
                attr('max_count', expr('var.system_pool.max_count')),
              ],
          attr('zones', AVAILABILITY_ZONES),
          attr('vnet_subnet_id', expr('var.nodes_subnet_id')),
          !options.customPools &&
            attr('node_labels', { [POOL_LABEL_KEY]: 'system' }),
          block(
            'upgrade_settings',
            [],
            [
              attr('max_surge', '10%'),
              attr('drain_timeout_in_minutes', 30),
              attr('node_soak_duration_in_minutes', 0),
            ],
          ),
          attr('tags', expr('var.tags')),
        ],
      ),
      comment(
        'Azure CNI overlay with the Cilium dataplane enforces NetworkPolicy; egress leaves through the\n' +
          'NAT gateway of the node subnet. Service and pod ranges are outside the VNet range.',
      ),
      block(
        'network_profile',
        [],
        [
          attr('network_plugin', 'azure'),
          attr('network_plugin_mode', 'overlay'),
          attr('network_data_plane', 'cilium'),
          attr('network_policy', 'cilium'),
          attr('outbound_type', 'userAssignedNATGateway'),
          attr('load_balancer_sku', 'standard'),
          attr('pod_cidr', expr('var.pod_cidr')),
          attr('service_cidr', expr('var.service_cidr')),
          attr('dns_service_ip', expr('cidrhost(var.service_cidr, 10)')),
        ],
      ),
      block(
        'auto_scaler_profile',
        [],
        [
          attr('balance_similar_node_groups', true),
          attr('expander', 'least-waste'),
          attr('scan_interval', '10s'),
          attr('new_pod_scale_up_delay', '0s'),
          attr('max_node_provisioning_time', '15m'),
          attr('scale_down_delay_after_add', '10m'),
          attr('scale_down_unneeded', '10m'),
          attr('scale_down_utilization_threshold', '0.5'),
          attr('max_graceful_termination_sec', '600'),
          attr('skip_nodes_with_local_storage', false),
          attr('skip_nodes_with_system_pods', true),
        ],
      ),
      comment(
        'Upgrades happen on Sunday mornings (UTC), node images after the control plane.',
      ),
      maintenanceWindow('maintenance_window_auto_upgrade', '02:00'),
      maintenanceWindow('maintenance_window_node_os', '06:00'),
      comment(
        'Container insights and Defender report to the workspace; the agent authenticates with its managed identity.',
      ),
      block(
        'oms_agent',
        [],
        [
          attr(
            'log_analytics_workspace_id',
            expr('azurerm_log_analytics_workspace.this.id'),
          ),
          attr('msi_auth_for_monitoring_enabled', true),
        ],
      ),
      block(
        'microsoft_defender',
        [],
        [
          attr(
            'log_analytics_workspace_id',
            expr('azurerm_log_analytics_workspace.this.id'),
          ),
        ],
      ),
      monitoring && [
        comment(
          'Managed Prometheus: the monitoring module links the metrics to an Azure Monitor workspace.',
        ),
        block('monitor_metrics', [], []),
      ],
      comment(
        'Secrets Store CSI driver, reading Key Vault secrets with the app identity.',
      ),
      block(
        'key_vault_secrets_provider',
        [],
        [
          attr('secret_rotation_enabled', true),
          attr('secret_rotation_interval', '2m'),
        ],
      ),
      comment(
        'Application routing add-on (managed NGINX): IngressClass webapprouting.kubernetes.azure.com.\n' +
          'It serves the TLS certificate from the Key Vault below (its identity is granted access there).\n' +
          'No DNS zones are managed by it; point the ingress host at the load balancer yourself.',
      ),
      block('web_app_routing', [], [attr('dns_zone_ids', [])]),
      attr('tags', expr('var.tags')),
      block(
        'lifecycle',
        [],
        [
          comment(
            'The upgrade channel moves these forward; Terraform must not roll them back.',
          ),
          attr('ignore_changes', [
            expr('kubernetes_version'),
            expr('default_node_pool[0].node_count'),
          ]),
        ],
      ),
      attr('depends_on', [
        expr('azurerm_role_assignment.control_plane_nodes_subnet'),
        expr('azurerm_role_assignment.control_plane_api_server_subnet'),
        expr('azurerm_role_assignment.control_plane_kubelet_identity'),
      ]),
    ]),
  ];
}

function pools(options: AzureClusterOptions): HclBody {
  return [
    options.customPools
      ? azureCustomPools({ zones: AVAILABILITY_ZONES })
      : presetApplicationPool(),
    gpuPool(options),
  ];
}

function presetApplicationPool(): HclBody {
  return [
    comment(
      'Application pool. On spot capacity (where the environment allows it) evicted nodes are\n' +
        'deleted, the price cap is the on-demand price (-1), and AKS adds the spot label and taint,\n' +
        'declared here so Terraform does not fight them. Surge upgrades are not offered for spot pools.',
    ),
    resource('azurerm_kubernetes_cluster_node_pool', 'application', [
      attr('name', 'apps'),
      attr('kubernetes_cluster_id', expr('azurerm_kubernetes_cluster.this.id')),
      attr('mode', 'User'),
      attr('temporary_name_for_rotation', 'appstmp'),
      attr('vm_size', expr('var.application_pool.vm_size')),
      attr('os_sku', 'AzureLinux'),
      attr('os_disk_size_gb', expr('var.application_pool.os_disk_size_gb')),
      attr('host_encryption_enabled', true),
      attr('auto_scaling_enabled', true),
      attr('min_count', expr('var.application_pool.min_count')),
      attr('max_count', expr('var.application_pool.max_count')),
      attr('zones', AVAILABILITY_ZONES),
      attr('vnet_subnet_id', expr('var.nodes_subnet_id')),
      attr('priority', expr('var.application_pool.spot ? "Spot" : "Regular"')),
      attr(
        'eviction_policy',
        expr('var.application_pool.spot ? "Delete" : null'),
      ),
      attr('spot_max_price', expr('var.application_pool.spot ? -1 : null')),
      attr(
        'node_labels',
        expr(
          `merge({ "${POOL_LABEL_KEY}" = "application" }, var.application_pool.spot ? { "${SPOT_LABEL}" = "spot" } : {})`,
        ),
      ),
      attr(
        'node_taints',
        expr(
          `var.application_pool.spot ? ["${SPOT_LABEL}=spot:NoSchedule"] : []`,
        ),
      ),
      block(
        'dynamic',
        ['upgrade_settings'],
        [
          attr('for_each', expr('var.application_pool.spot ? [] : [1]')),
          block(
            'content',
            [],
            [attr('max_surge', '10%'), attr('drain_timeout_in_minutes', 30)],
          ),
        ],
      ),
      attr('tags', expr('var.tags')),
      block('lifecycle', [], [attr('ignore_changes', [expr('node_count')])]),
    ]),
  ];
}

function gpuPool(options: AzureClusterOptions): HclBody {
  return [
    options.gpuPool && [
      comment(
        'GPU pool, scaled from zero, only where the environment asks for one. The taint keeps\n' +
          'everything without a matching toleration off the expensive nodes. No zones are pinned:\n' +
          'GPU sizes are not offered in every zone. AKS installs the NVIDIA driver; the device plugin\n' +
          'that advertises nvidia.com/gpu is deployed from deploy/platform/<env>-azure. Encryption at host is\n' +
          'not offered on every size: the README shows how to check the GPU size before the first apply.',
      ),
      resource('azurerm_kubernetes_cluster_node_pool', 'gpu', [
        attr('count', expr('var.gpu_pool == null ? 0 : 1')),
        attr('name', 'gpu'),
        attr(
          'kubernetes_cluster_id',
          expr('azurerm_kubernetes_cluster.this.id'),
        ),
        attr('mode', 'User'),
        attr('vm_size', expr('var.gpu_pool.vm_size')),
        attr('os_sku', 'Ubuntu'),
        attr('gpu_driver', 'Install'),
        attr('os_disk_size_gb', expr('var.gpu_pool.os_disk_size_gb')),
        attr('host_encryption_enabled', true),
        attr('auto_scaling_enabled', true),
        attr('min_count', 0),
        attr('max_count', expr('var.gpu_pool.max_count')),
        attr('vnet_subnet_id', expr('var.nodes_subnet_id')),
        attr('node_labels', { [GPU_NODE_LABEL.key]: GPU_NODE_LABEL.value }),
        attr('node_taints', [
          `${GPU_NODE_TAINT.key}=${GPU_NODE_TAINT.value}:${GPU_NODE_TAINT.effect}`,
        ]),
        block('upgrade_settings', [], [attr('max_surge', '10%')]),
        attr('tags', expr('var.tags')),
        block('lifecycle', [], [attr('ignore_changes', [expr('node_count')])]),
      ]),
    ],
  ];
}

function main(options: AzureClusterOptions): HclBody {
  return [
    data('azurerm_client_config', 'current', []),
    identity(
      'control_plane',
      'aks',
      'Identity of the AKS control plane (manages the node subnet and load balancers).',
    ),
    identity(
      'kubelet',
      'kubelet',
      'Identity of the kubelets: pulls images, nothing else.',
    ),
    identity(
      'app',
      'app',
      'Identity of the application, used from its pods through workload identity (no secrets).',
    ),
    comment(
      'Least privilege for the control plane: join and manage its two subnets, assign the kubelet identity.',
    ),
    roleAssignment({
      name: 'control_plane_nodes_subnet',
      scope: 'var.nodes_subnet_id',
      role: 'Network Contributor',
      principal: 'azurerm_user_assigned_identity.control_plane.principal_id',
    }),
    roleAssignment({
      name: 'control_plane_api_server_subnet',
      scope: 'var.api_server_subnet_id',
      role: 'Network Contributor',
      principal: 'azurerm_user_assigned_identity.control_plane.principal_id',
    }),
    roleAssignment({
      name: 'control_plane_kubelet_identity',
      scope: 'azurerm_user_assigned_identity.kubelet.id',
      role: 'Managed Identity Operator',
      principal: 'azurerm_user_assigned_identity.control_plane.principal_id',
    }),
    azureLogAnalyticsWorkspace('Cluster, control-plane and container logs'),
    cluster(options),
    comment(
      'Control-plane logs, including the audit log of every write, go to the workspace.',
    ),
    resource('azurerm_monitor_diagnostic_setting', 'cluster', [
      attr('name', 'control-plane-logs'),
      attr('target_resource_id', expr('azurerm_kubernetes_cluster.this.id')),
      attr(
        'log_analytics_workspace_id',
        expr('azurerm_log_analytics_workspace.this.id'),
      ),
      attr('log_analytics_destination_type', 'Dedicated'),
      [
        'kube-apiserver',
        'kube-audit-admin',
        'kube-controller-manager',
        'kube-scheduler',
        'cluster-autoscaler',
        'guard',
      ].map(category => block('enabled_log', [], [attr('category', category)])),
      block('enabled_metric', [], [attr('category', 'AllMetrics')]),
    ]),
    pools(options),
    comment(
      'The application ServiceAccount (namespace and name = stack name) exchanges its Kubernetes\n' +
        'token for an Entra token of the app identity; nothing else can.',
    ),
    resource('azurerm_federated_identity_credential', 'app', [
      attr('name', expr('"${var.name_prefix}-app-service-account"')),
      attr(
        'user_assigned_identity_id',
        expr('azurerm_user_assigned_identity.app.id'),
      ),
      attr('issuer', expr('azurerm_kubernetes_cluster.this.oidc_issuer_url')),
      attr(
        'subject',
        expr(
          '"system:serviceaccount:${var.app_namespace}:${var.app_service_account}"',
        ),
      ),
      attr('audience', ['api://AzureADTokenExchange']),
    ]),
    azureKeyVaultBlocks(),
    clusterAccess(),
  ];
}

/**
 * Who may use the cluster once it exists. Local accounts are off, so every caller needs an Azure
 * RBAC data role: CI deploys with cluster admin on this cluster only; the admin group gets
 * cluster-admin through admin_group_object_ids and the Cluster User Role to fetch a kubeconfig.
 */
function clusterAccess(): HclBody {
  return [
    comment(
      "CI (this environment's deploy identity) applies the manifests, cluster-scoped ones included.",
    ),
    roleAssignment({
      name: 'deploy_cluster_admin',
      scope: 'azurerm_kubernetes_cluster.this.id',
      role: 'Azure Kubernetes Service RBAC Cluster Admin',
      principal: 'var.deploy_principal_id',
    }),
    comment(
      'The admin group lists the cluster credentials (az aks get-credentials) and is cluster-admin.',
    ),
    roleAssignment({
      name: 'admin_group_cluster_user',
      forEach: 'toset(var.admin_group_object_ids)',
      scope: 'azurerm_kubernetes_cluster.this.id',
      role: 'Azure Kubernetes Service Cluster User Role',
      principal: 'each.value',
      principalType: 'Group',
    }),
    comment(
      'The application routing add-on reads the TLS certificate (as a secret) from the vault.',
    ),
    roleAssignment({
      name: 'app_routing_key_vault',
      scope: 'azurerm_key_vault.this.id',
      role: 'Key Vault Secrets User',
      principal:
        'azurerm_kubernetes_cluster.this.web_app_routing[0].web_app_routing_identity[0].object_id',
    }),
    comment(
      'The admin group imports and renews the TLS certificate (docs/operations.md).',
    ),
    roleAssignment({
      name: 'admin_group_certificates',
      forEach: 'toset(var.admin_group_object_ids)',
      scope: 'azurerm_key_vault.this.id',
      role: 'Key Vault Certificates Officer',
      principal: 'each.value',
      principalType: 'Group',
    }),
  ];
}

function variables(options: AzureClusterOptions): HclBody {
  const pool = (extra: string) =>
    `object({\n    vm_size         = string\n    min_count       = number\n    max_count       = number\n    os_disk_size_gb = number${extra}\n  })`;
  return [
    commonModuleVariables(),
    terraformVariable({
      name: 'kubernetes_version',
      type: 'string',
      description: 'Kubernetes minor version at creation, e.g. 1.33.',
    }),
    terraformVariable({
      name: 'sku_tier',
      type: 'string',
      description: 'AKS tier: Standard (uptime SLA) or Free.',
      validations: [
        {
          condition: 'contains(["Free", "Standard"], var.sku_tier)',
          message: 'sku_tier must be Free or Standard.',
        },
      ],
    }),
    terraformVariable({
      name: 'nodes_subnet_id',
      type: 'string',
      description: 'Subnet of the nodes, with the NAT gateway attached.',
    }),
    terraformVariable({
      name: 'api_server_subnet_id',
      type: 'string',
      description: 'Subnet delegated to the API server.',
    }),
    terraformVariable({
      name: 'private_endpoints_subnet_id',
      type: 'string',
      description: 'Subnet of the Key Vault private endpoint.',
    }),
    terraformVariable({
      name: 'key_vault_private_dns_zone_id',
      type: 'string',
      description: 'privatelink.vaultcore.azure.net zone ID.',
    }),
    terraformVariable({
      name: 'pod_cidr',
      type: 'string',
      description: 'Overlay range of the pods (outside the VNet).',
    }),
    terraformVariable({
      name: 'service_cidr',
      type: 'string',
      description:
        'Range of the Kubernetes services (outside the VNet); DNS is its 10th address.',
    }),
    options.customPools
      ? terraformVariable({
          name: 'node_pools',
          type: AZURE_NODE_POOLS_TYPE,
          description: AZURE_NODE_POOLS_DESCRIPTION,
          validations: AZURE_NODE_POOLS_VALIDATIONS,
        })
      : [
          terraformVariable({
            name: 'system_pool',
            type: pool(''),
            description: 'Size and autoscaling bounds of the system pool.',
            validations: [
              {
                condition: 'var.system_pool.min_count >= 2',
                message: 'The system pool needs at least two nodes.',
              },
            ],
          }),
          terraformVariable({
            name: 'application_pool',
            type: pool('\n    spot            = bool'),
            description:
              'Size, autoscaling bounds and capacity type (spot or regular) of the application pool.',
          }),
        ],
    options.gpuPool &&
      terraformVariable({
        name: 'gpu_pool',
        type: 'object({\n    vm_size         = string\n    max_count       = number\n    os_disk_size_gb = number\n  })',
        description: 'GPU pool (scaled from zero); null for none.',
        default: expr('null'),
      }),
    terraformVariable({
      name: 'admin_group_object_ids',
      type: 'list(string)',
      description:
        'Entra ID groups that administer the cluster (cluster-admin) and its TLS certificate.',
      default: [],
    }),
    terraformVariable({
      name: 'deploy_principal_id',
      type: 'string',
      description:
        "Principal ID of this environment's CI identity, which deploys the manifests.",
    }),
    terraformVariable({
      name: 'log_retention_days',
      type: 'number',
      description: 'Days logs are kept in the workspace.',
    }),
    terraformVariable({
      name: 'key_vault_name',
      type: 'string',
      description: 'Globally unique name of the application Key Vault.',
    }),
    terraformVariable({
      name: 'app_namespace',
      type: 'string',
      description: 'Namespace of the application.',
    }),
    terraformVariable({
      name: 'app_service_account',
      type: 'string',
      description: 'ServiceAccount of the application.',
    }),
  ];
}

function outputs(): HclBody {
  return [
    azureHealthReaderModuleOutputs,
    terraformOutput({
      name: 'cluster_name',
      description: 'Name of the AKS cluster.',
      value: 'azurerm_kubernetes_cluster.this.name',
    }),
    terraformOutput({
      name: 'cluster_id',
      description: 'ID of the AKS cluster.',
      value: 'azurerm_kubernetes_cluster.this.id',
    }),
    terraformOutput({
      name: 'oidc_issuer_url',
      description: 'OIDC issuer of the cluster (workload identity).',
      value: 'azurerm_kubernetes_cluster.this.oidc_issuer_url',
    }),
    terraformOutput({
      name: 'kubelet_principal_id',
      description: 'Principal ID of the kubelet identity (image pulls).',
      value: 'azurerm_user_assigned_identity.kubelet.principal_id',
    }),
    azureAppPlatformOutputs(),
    terraformOutput({
      name: 'cluster_access',
      description:
        'Azure RBAC role on the cluster by principal ID: the CI identity and the admin groups.',
      value:
        '{ for assignment in concat([azurerm_role_assignment.deploy_cluster_admin], values(azurerm_role_assignment.admin_group_cluster_user)) : assignment.principal_id => assignment.role_definition_name }',
    }),
  ];
}

/** What varies between the cluster modules of two stacks. */
export interface AzureClusterOptions {
  /** Some environment runs a GPU pool (the module then declares one, counted). */
  gpuPool: boolean;
  /** The cluster sends its metrics to Azure Monitor managed Prometheus. */
  managedPrometheus: boolean;
  /** Render the stack's custom pools (spec.cluster.nodePools): node_pools replaces system_pool and application_pool. */
  customPools: boolean;
}

/** `infra/modules/cluster/azure`: private AKS with its identities, pools, logs and the app Key Vault. */
export function azureClusterModule(options: AzureClusterOptions): FileTree {
  return moduleFiles({
    cloud: 'azure',
    capability: 'cluster',
    description:
      'Private AKS cluster of one environment, its identities and node pools, the application identity and Key Vault.',
    variables: variables(options),
    main: main(options),
    outputs: outputs(),
  });
}
