import {
  attr,
  blank,
  block,
  comment,
  data,
  expr,
  resource,
  type HclBlock,
  type HclBody,
} from '../../hcl/hcl';
import type { FileTree } from '../../types';
import { terraformOutput } from '../common/terraformOutput';
import { terraformVariable } from '../common/terraformVariable';
import { commonModuleVariables, placement } from './azureHclBlocks';
import { moduleFiles } from '../common/moduleFiles';
import { azurePrivateDnsZones } from './azurePrivateDnsZones';
import type { AzureNetworkHook } from './azureService';

interface SecurityRule {
  name: string;
  priority: number;
  access: 'Allow' | 'Deny';
  protocol: string;
  source: string[];
  destination: string[];
  ports: string[];
  why: string;
}

/** Inbound rules as separate resources, so each one can carry the reason it exists. */
function securityRules(group: string, rules: readonly SecurityRule[]): HclBody {
  return rules.map(rule => [
    comment(rule.why),
    resource(
      'azurerm_network_security_rule',
      `${group}_${rule.name.replace(/-/g, '_')}`,
      [
        attr('name', rule.name),
        attr('resource_group_name', expr('var.resource_group_name')),
        attr(
          'network_security_group_name',
          expr(`azurerm_network_security_group.${group}.name`),
        ),
        attr('priority', rule.priority),
        attr('direction', 'Inbound'),
        attr('access', rule.access),
        attr('protocol', rule.protocol),
        attr('source_port_range', '*'),
        rule.source.length === 1
          ? attr('source_address_prefix', expr(rule.source[0]))
          : attr(
              'source_address_prefixes',
              rule.source.map(source => expr(source)),
            ),
        rule.ports.length === 1
          ? attr('destination_port_range', rule.ports[0])
          : attr('destination_port_ranges', rule.ports),
        rule.destination.length === 1
          ? attr('destination_address_prefix', expr(rule.destination[0]))
          : attr(
              'destination_address_prefixes',
              rule.destination.map(destination => expr(destination)),
            ),
      ],
    ),
  ]);
}

function securityGroup(
  name: string,
  subnetName: string,
  rules: readonly SecurityRule[],
): HclBody {
  return [
    resource('azurerm_network_security_group', name, [
      attr(
        'name',
        expr(`"\${var.name_prefix}-${subnetName.replace(/_/g, '-')}-nsg"`),
      ),
      placement(),
      attr('tags', expr('var.tags')),
    ]),
    securityRules(name, rules),
    resource('azurerm_subnet_network_security_group_association', name, [
      attr('subnet_id', expr(`azurerm_subnet.${subnetName}.id`)),
      attr(
        'network_security_group_id',
        expr(`azurerm_network_security_group.${name}.id`),
      ),
    ]),
  ];
}

const DENY_OTHER_VNET_TRAFFIC: Omit<SecurityRule, 'destination'> = {
  name: 'deny-other-vnet-inbound',
  priority: 4000,
  access: 'Deny',
  protocol: '*',
  source: ['"VirtualNetwork"'],
  ports: ['*'],
  why: 'Nothing else in the VNet reaches this subnet (the default rules would allow the whole VNet).',
};

function delegation(name: string, service: string): HclBlock {
  return block(
    'delegation',
    [],
    [
      attr('name', name),
      block(
        'service_delegation',
        [],
        [
          attr('name', service),
          attr('actions', [
            'Microsoft.Network/virtualNetworks/subnets/join/action',
          ]),
        ],
      ),
    ],
  );
}

function subnet(name: string, body: HclBody): HclBlock {
  return resource('azurerm_subnet', name, [
    attr('name', name.replace(/_/g, '-')),
    attr('resource_group_name', expr('var.resource_group_name')),
    attr('virtual_network_name', expr('azurerm_virtual_network.this.name')),
    attr('address_prefixes', [expr(`local.subnets.${name}`)]),
    comment(
      'Egress goes through the NAT gateway only; implicit default outbound access is retired.',
    ),
    attr('default_outbound_access_enabled', false),
    body,
  ]);
}

/** The Container Apps subnet of serverless environments, and where its ingress takes traffic from. */
export interface AzureContainerAppsSubnet {
  /** The environment is external (a host with TLS): HTTPS from the internet, else the VNet only. */
  external: boolean;
}

function main(
  hooks: readonly AzureNetworkHook[],
  containerApps: AzureContainerAppsSubnet | undefined,
): HclBody {
  const postgres = hooks.some(hook => hook.postgresSubnet);
  // What reaches the private endpoints and PostgreSQL: the nodes, and the Container Apps replicas.
  const clients = containerApps
    ? ['local.subnets.nodes', 'local.subnets.container_apps']
    : ['local.subnets.nodes'];
  const zones = azurePrivateDnsZones(hooks);
  const endpointPorts = hooks.flatMap(hook =>
    hook.privateEndpointPort ? [hook.privateEndpointPort] : [],
  );
  return [
    block(
      'locals',
      [],
      [
        comment(
          'Address plan carved from the /16: nodes get a /20 (pods use the overlay range, so nodes\n' +
            'only need their own addresses), private endpoints and PostgreSQL a /24 each, and the\n' +
            'AKS API server VNet integration the /28 it requires.',
        ),
        attr('subnets', {
          nodes: expr('cidrsubnet(var.address_space, 4, 0)'),
          private_endpoints: expr('cidrsubnet(var.address_space, 8, 16)'),
          postgres: postgres
            ? expr('cidrsubnet(var.address_space, 8, 17)')
            : undefined,
          api_server: expr('cidrsubnet(var.address_space, 12, 288)'),
          container_apps: containerApps
            ? expr('cidrsubnet(var.address_space, 8, 19)')
            : undefined,
        }),
        blank(),
        attr(
          'private_dns_zones',
          Object.fromEntries(
            Object.entries(zones).map(([key, zone]) => [
              key,
              zone.includes('${') ? expr(`"${zone}"`) : zone,
            ]),
          ),
        ),
      ],
    ),
    comment(
      'The one Network Watcher of the region, looked up (infra/bootstrap/azure creates it or names the\n' +
        'existing one) rather than assumed: Azure does not create one where a policy forbids it.',
    ),
    data('azurerm_network_watcher', 'this', [
      attr('name', expr('var.network_watcher_name')),
      attr(
        'resource_group_name',
        expr('var.network_watcher_resource_group_name'),
      ),
    ]),

    resource('azurerm_virtual_network', 'this', [
      attr('name', expr('"${var.name_prefix}-vnet"')),
      placement(),
      attr('address_space', [expr('var.address_space')]),
      attr('tags', expr('var.tags')),
    ]),

    comment(
      'AKS nodes. Pods get overlay addresses and leave the node through its IP.',
    ),
    subnet('nodes', []),
    comment(
      'Delegated to AKS for API server VNet integration: the control plane gets a private IP here.',
    ),
    subnet('api_server', [
      delegation(
        'aks-api-server',
        'Microsoft.ContainerService/managedClusters',
      ),
    ]),
    comment(
      'Private endpoints of Key Vault and the data services; NSGs apply to them (network policies on).',
    ),
    subnet('private_endpoints', [
      attr('private_endpoint_network_policies', 'Enabled'),
    ]),
    containerApps && [
      comment(
        [
          'Delegated to Azure Container Apps (a workload profiles environment needs at least a /27; a /24',
          'leaves room for scale-out and revision overlap). Serverless environments only.',
        ].join('\n'),
      ),
      subnet('container_apps', [
        delegation('container-apps', 'Microsoft.App/environments'),
      ]),
    ],
    postgres && [
      comment(
        'Delegated to PostgreSQL Flexible Server (VNet integration; no public endpoint exists).',
      ),
      subnet('postgres', [
        delegation(
          'postgres-flexible-server',
          'Microsoft.DBforPostgreSQL/flexibleServers',
        ),
      ]),
    ],

    comment(
      'Egress of the nodes. A Standard NAT gateway is zonal and a subnet takes exactly one, so it\n' +
        'cannot span zones: production pins it and its IP to a zone so the failure domain is explicit;\n' +
        'the zone-redundant StandardV2 SKU is in preview. AKS uses it via outbound_type\n' +
        '"userAssignedNATGateway", so no public IP sits on the cluster load balancer for egress.',
    ),
    resource('azurerm_public_ip', 'nat', [
      attr('name', expr('"${var.name_prefix}-nat-pip"')),
      placement(),
      attr('allocation_method', 'Static'),
      attr('sku', 'Standard'),
      attr('zones', expr('var.nat_gateway_zones')),
      attr('tags', expr('var.tags')),
    ]),
    resource('azurerm_nat_gateway', 'this', [
      attr('name', expr('"${var.name_prefix}-nat"')),
      placement(),
      attr('sku_name', 'Standard'),
      attr('idle_timeout_in_minutes', 10),
      attr('zones', expr('var.nat_gateway_zones')),
      attr('tags', expr('var.tags')),
    ]),
    resource('azurerm_nat_gateway_public_ip_association', 'this', [
      attr('nat_gateway_id', expr('azurerm_nat_gateway.this.id')),
      attr('public_ip_address_id', expr('azurerm_public_ip.nat.id')),
    ]),
    resource('azurerm_subnet_nat_gateway_association', 'nodes', [
      attr('subnet_id', expr('azurerm_subnet.nodes.id')),
      attr('nat_gateway_id', expr('azurerm_nat_gateway.this.id')),
    ]),
    containerApps && [
      comment(
        'Container Apps replicas pull images and reach Entra ID and the internet through the NAT gateway.',
      ),
      resource('azurerm_subnet_nat_gateway_association', 'container_apps', [
        attr('subnet_id', expr('azurerm_subnet.container_apps.id')),
        attr('nat_gateway_id', expr('azurerm_nat_gateway.this.id')),
      ]),
    ],
    postgres && [
      comment(
        'PostgreSQL validates Entra ID tokens against Microsoft Entra: its subnet has no default\n' +
          'outbound access, so it leaves through the NAT gateway too.',
      ),
      resource('azurerm_subnet_nat_gateway_association', 'postgres', [
        attr('subnet_id', expr('azurerm_subnet.postgres.id')),
        attr('nat_gateway_id', expr('azurerm_nat_gateway.this.id')),
      ]),
    ],

    securityGroup('nodes', 'nodes', [
      {
        name: 'allow-cluster-internal',
        priority: 100,
        access: 'Allow',
        protocol: '*',
        source: ['local.subnets.nodes', 'var.pod_cidr'],
        destination: ['local.subnets.nodes', 'var.pod_cidr'],
        ports: ['*'],
        why: 'Azure CNI overlay does not encapsulate pod traffic: node and pod ranges must reach each other.',
      },
      {
        name: 'allow-web-ingress',
        priority: 200,
        access: 'Allow',
        protocol: 'Tcp',
        source: ['"Internet"'],
        destination: ['"*"'],
        ports: ['80', '443'],
        why: 'HTTP(S) from the internet to the application routing ingress load balancer; nothing else.',
      },
    ]),
    securityGroup('private_endpoints', 'private_endpoints', [
      {
        name: 'allow-nodes-to-endpoints',
        priority: 100,
        access: 'Allow',
        protocol: 'Tcp',
        source: clients,
        destination: ['local.subnets.private_endpoints'],
        ports: ['443', ...endpointPorts.map(({ port }) => String(port))],
        why: `Only the ${
          containerApps
            ? 'cluster and the container apps talk'
            : 'cluster talks'
        } to the private endpoints: HTTPS (Key Vault, Blob, ACR)${endpointPorts
          .map(({ description }) => ` and ${description}`)
          .join('')}.`,
      },
      {
        ...DENY_OTHER_VNET_TRAFFIC,
        destination: ['local.subnets.private_endpoints'],
      },
    ]),
    postgres &&
      securityGroup('postgres', 'postgres', [
        {
          name: 'allow-nodes-to-postgres',
          priority: 100,
          access: 'Allow',
          protocol: 'Tcp',
          source: clients,
          destination: ['local.subnets.postgres'],
          ports: ['5432'],
          why: containerApps
            ? 'Only the cluster and the container apps reach PostgreSQL.'
            : 'Only the cluster reaches PostgreSQL.',
        },
        {
          name: 'allow-postgres-intra-subnet',
          priority: 110,
          access: 'Allow',
          protocol: 'Tcp',
          source: ['local.subnets.postgres'],
          destination: ['local.subnets.postgres'],
          ports: ['5432', '6432'],
          why: 'The zone-redundant standby replicates from the primary inside the delegated subnet.',
        },
        { ...DENY_OTHER_VNET_TRAFFIC, destination: ['local.subnets.postgres'] },
      ]),
    containerApps &&
      securityGroup('container_apps', 'container_apps', [
        {
          name: 'allow-app-ingress',
          priority: 100,
          access: 'Allow',
          protocol: 'Tcp',
          source: [containerApps.external ? '"Internet"' : '"VirtualNetwork"'],
          destination: ['local.subnets.container_apps'],
          ports: ['80', '443'],
          why: containerApps.external
            ? 'HTTP(S) from the internet to the Container Apps ingress (HTTP only redirects to HTTPS).'
            : 'HTTP(S) from the VNet to the internal Container Apps ingress; nothing from outside.',
        },
      ]),

    comment(
      'VNet flow logs (NSG flow logs can no longer be created since June 2025) into a dedicated\n' +
        'account. Network Watcher writes as a trusted Azure service, so the account denies every\n' +
        'network but lets trusted services through, and accepts no shared keys.',
    ),
    resource('azurerm_storage_account', 'flow_logs', [
      attr('name', expr('var.flow_log_storage_account_name')),
      placement(),
      attr('account_kind', 'StorageV2'),
      attr('account_tier', 'Standard'),
      attr('account_replication_type', 'LRS'),
      attr('min_tls_version', 'TLS1_2'),
      attr('https_traffic_only_enabled', true),
      attr('allow_nested_items_to_be_public', false),
      attr('shared_access_key_enabled', false),
      attr('default_to_oauth_authentication', true),
      attr('infrastructure_encryption_enabled', true),
      attr('cross_tenant_replication_enabled', false),
      attr('local_user_enabled', false),
      block(
        'network_rules',
        [],
        [attr('default_action', 'Deny'), attr('bypass', ['AzureServices'])],
      ),
      block(
        'blob_properties',
        [],
        [
          block('delete_retention_policy', [], [attr('days', 7)]),
          block('container_delete_retention_policy', [], [attr('days', 7)]),
        ],
      ),
      attr('tags', expr('var.tags')),
    ]),
    resource('azurerm_network_watcher_flow_log', 'vnet', [
      attr('name', expr('"${var.name_prefix}-vnet-flow-log"')),
      attr('location', expr('var.location')),
      attr(
        'network_watcher_name',
        expr('data.azurerm_network_watcher.this.name'),
      ),
      attr(
        'resource_group_name',
        expr('data.azurerm_network_watcher.this.resource_group_name'),
      ),
      attr('target_resource_id', expr('azurerm_virtual_network.this.id')),
      attr('storage_account_id', expr('azurerm_storage_account.flow_logs.id')),
      attr('enabled', true),
      attr('version', 2),
      block(
        'retention_policy',
        [],
        [
          attr('enabled', true),
          attr('days', expr('var.flow_log_retention_days')),
        ],
      ),
      attr('tags', expr('var.tags')),
    ]),

    comment(
      'Private DNS zones resolve the private endpoints (and PostgreSQL) inside the VNet only.',
    ),
    resource('azurerm_private_dns_zone', 'this', [
      attr('for_each', expr('local.private_dns_zones')),
      attr('name', expr('each.value')),
      attr('resource_group_name', expr('var.resource_group_name')),
      attr('tags', expr('var.tags')),
    ]),
    resource('azurerm_private_dns_zone_virtual_network_link', 'this', [
      attr('for_each', expr('azurerm_private_dns_zone.this')),
      attr('name', expr('"${var.name_prefix}-${each.key}"')),
      attr('resource_group_name', expr('var.resource_group_name')),
      attr('private_dns_zone_name', expr('each.value.name')),
      attr('virtual_network_id', expr('azurerm_virtual_network.this.id')),
      attr('registration_enabled', false),
      attr('tags', expr('var.tags')),
    ]),
  ];
}

function variables(): HclBody {
  return [
    commonModuleVariables(),
    terraformVariable({
      name: 'address_space',
      type: 'string',
      description:
        'The /16 IPv4 block of the VNet; subnets are carved from it.',
      validations: [
        {
          condition:
            'can(cidrhost(var.address_space, 0)) && endswith(var.address_space, "/16")',
          message:
            'address_space must be an IPv4 /16 block such as 10.40.0.0/16.',
        },
      ],
    }),
    terraformVariable({
      name: 'pod_cidr',
      type: 'string',
      description:
        'Overlay range of the AKS pods; the node NSG lets it reach the nodes.',
    }),
    terraformVariable({
      name: 'nat_gateway_zones',
      type: 'list(string)',
      description:
        'Availability zone of the NAT gateway and its public IP; empty lets Azure choose.',
      default: [],
    }),
    terraformVariable({
      name: 'flow_log_storage_account_name',
      type: 'string',
      description:
        'Globally unique name of the storage account receiving the VNet flow logs.',
    }),
    terraformVariable({
      name: 'flow_log_retention_days',
      type: 'number',
      description: 'Days the flow logs are kept (at least 90).',
      validations: [
        {
          condition:
            'var.flow_log_retention_days >= 90 && var.flow_log_retention_days <= 365',
          message: 'flow_log_retention_days must be between 90 and 365.',
        },
      ],
    }),
    terraformVariable({
      name: 'network_watcher_name',
      type: 'string',
      description:
        'The Network Watcher of the region (one per subscription and region), which holds the flow log.',
    }),
    terraformVariable({
      name: 'network_watcher_resource_group_name',
      type: 'string',
      description: 'Resource group of the Network Watcher.',
    }),
  ];
}

function outputs(
  hooks: readonly AzureNetworkHook[],
  containerApps: AzureContainerAppsSubnet | undefined,
): HclBody {
  return [
    terraformOutput({
      name: 'vnet_id',
      description: 'ID of the VNet.',
      value: 'azurerm_virtual_network.this.id',
    }),
    terraformOutput({
      name: 'nodes_subnet_id',
      description: 'Subnet of the AKS nodes (NAT gateway attached).',
      value: 'azurerm_subnet_nat_gateway_association.nodes.subnet_id',
    }),
    terraformOutput({
      name: 'api_server_subnet_id',
      description: 'Subnet delegated to the AKS API server.',
      value: 'azurerm_subnet.api_server.id',
    }),
    terraformOutput({
      name: 'private_endpoints_subnet_id',
      description: 'Subnet of the private endpoints.',
      value: 'azurerm_subnet.private_endpoints.id',
    }),
    containerApps &&
      terraformOutput({
        name: 'container_apps_subnet_id',
        description:
          'Subnet delegated to Azure Container Apps (NAT gateway attached).',
        value:
          'azurerm_subnet_nat_gateway_association.container_apps.subnet_id',
      }),
    hooks.some(hook => hook.postgresSubnet) &&
      terraformOutput({
        name: 'postgres_subnet_id',
        description: 'Subnet delegated to PostgreSQL Flexible Server.',
        value: 'azurerm_subnet.postgres.id',
      }),
    terraformOutput({
      name: 'private_dns_zone_ids',
      description:
        'Private DNS zone IDs by service; available once the zones are linked to the VNet.',
      value:
        '{ for key, zone in azurerm_private_dns_zone.this : key => zone.id }',
      dependsOn: ['azurerm_private_dns_zone_virtual_network_link.this'],
    }),
  ];
}

/** `infra/modules/network/azure`: VNet, subnets, NAT gateway, NSGs, flow logs, private DNS. */
export function azureNetworkModule(options: {
  /** What the stack's services need from the network. */
  hooks: readonly AzureNetworkHook[];
  /** The Container Apps subnet, when an environment of the stack runs serverless. */
  containerApps?: AzureContainerAppsSubnet;
}): FileTree {
  return moduleFiles({
    cloud: 'azure',
    capability: 'network',
    description:
      'Network of one environment: VNet, subnets, NAT egress, NSGs, VNet flow logs and private DNS zones.',
    variables: variables(),
    main: main(options.hooks, options.containerApps),
    outputs: outputs(options.hooks, options.containerApps),
  });
}
