import { attr, block, blank, comment, expr, resource } from '../../hcl/hcl';
import type { FileTree } from '../../types';
import { terraformOutput } from '../common/terraformOutput';
import { terraformVariable } from '../common/terraformVariable';
import { moduleFiles } from '../common/moduleFiles';
import { gcpModuleBaseVariables } from './gcpModuleBase';

/** Names of the subnet's secondary ranges, which the cluster module refers to. */
export const GCP_PODS_RANGE = 'pods';
export const GCP_SERVICES_RANGE = 'services';

/**
 * The network module: a custom-mode VPC with one regional subnet for nodes (secondary ranges for
 * pods and services), flow logs, Cloud NAT for the private nodes, and private services access for
 * Cloud SQL and Memorystore.
 */
export function gcpNetworkModule(): FileTree {
  const variables = [
    gcpModuleBaseVariables(),
    terraformVariable({
      name: 'cidr',
      type: 'string',
      description:
        'The /16 block the node, pod, service and private-services ranges are carved from.',
      validations: [
        {
          condition: 'can(cidrhost(var.cidr, 0)) && endswith(var.cidr, "/16")',
          message: 'cidr must be an IPv4 /16 block such as 10.40.0.0/16.',
        },
      ],
    }),
  ];

  const main = [
    comment(
      [
        'The /16 is split so that no range overlaps another:',
        '  nodes            x.x.0.0/20   4,096 node addresses',
        '  services         x.x.16.0/20  4,096 ClusterIPs',
        '  private services x.x.32.0/20  peered to Google for Cloud SQL and Memorystore',
        '  pods             x.x.128.0/17 128 nodes with a /24 (110 pods) each',
      ].join('\n'),
    ),
    block(
      'locals',
      [],
      [
        attr('nodes_cidr', expr('cidrsubnet(var.cidr, 4, 0)')),
        attr('services_cidr', expr('cidrsubnet(var.cidr, 4, 1)')),
        attr('private_services_cidr', expr('cidrsubnet(var.cidr, 4, 2)')),
        attr('pods_cidr', expr('cidrsubnet(var.cidr, 1, 1)')),
      ],
    ),
    comment(
      'Custom mode: only the subnet below exists, instead of one auto-created subnet per region.',
    ),
    resource('google_compute_network', 'this', [
      attr('project', expr('var.project_id')),
      attr('name', expr('var.name')),
      attr('description', expr('"Network of ${var.name}"')),
      attr('auto_create_subnetworks', false),
      attr('routing_mode', 'REGIONAL'),
    ]),
    resource('google_compute_subnetwork', 'nodes', [
      attr('project', expr('var.project_id')),
      attr('region', expr('var.region')),
      attr('name', expr('"${var.name}-nodes"')),
      attr('network', expr('google_compute_network.this.id')),
      attr('ip_cidr_range', expr('local.nodes_cidr')),
      blank(),
      comment(
        'Nodes have no external IPs; this lets them reach Google APIs without going through NAT.',
      ),
      attr('private_ip_google_access', true),
      blank(),
      comment(
        'VPC-native GKE: pod and service IPs come from these alias ranges.',
      ),
      block(
        'secondary_ip_range',
        [],
        [
          attr('range_name', GCP_PODS_RANGE),
          attr('ip_cidr_range', expr('local.pods_cidr')),
        ],
      ),
      block(
        'secondary_ip_range',
        [],
        [
          attr('range_name', GCP_SERVICES_RANGE),
          attr('ip_cidr_range', expr('local.services_cidr')),
        ],
      ),
      blank(),
      comment(
        'VPC flow logs for incident response (CKV_GCP_26); half the flows keep the volume and cost down.',
      ),
      block(
        'log_config',
        [],
        [
          attr('aggregation_interval', 'INTERVAL_5_SEC'),
          attr('flow_sampling', 0.5),
          attr('metadata', 'INCLUDE_ALL_METADATA'),
        ],
      ),
    ]),
    comment(
      [
        'No firewall rules are added: a custom-mode VPC denies all ingress by default, and GKE creates',
        'the narrow rules it needs (control plane to nodes, load balancer health checks) itself.',
      ].join('\n'),
    ),
    resource('google_compute_router', 'this', [
      attr('project', expr('var.project_id')),
      attr('region', expr('var.region')),
      attr('name', expr('"${var.name}-router"')),
      attr('network', expr('google_compute_network.this.id')),
    ]),
    comment(
      [
        'Outbound internet access for the private nodes (image pulls from outside Google, webhooks).',
        'Cloud NAT is a regional, distributed service without per-zone gateways, so one NAT serves',
        'every zone in every environment; addresses are allocated automatically as nodes scale.',
      ].join('\n'),
    ),
    resource('google_compute_router_nat', 'this', [
      attr('project', expr('var.project_id')),
      attr('region', expr('var.region')),
      attr('name', expr('"${var.name}-nat"')),
      attr('router', expr('google_compute_router.this.name')),
      attr('nat_ip_allocate_option', 'AUTO_ONLY'),
      attr('source_subnetwork_ip_ranges_to_nat', 'LIST_OF_SUBNETWORKS'),
      attr('enable_dynamic_port_allocation', true),
      attr('enable_endpoint_independent_mapping', false),
      attr('min_ports_per_vm', 64),
      attr('max_ports_per_vm', 4096),
      blank(),
      block(
        'subnetwork',
        [],
        [
          attr('name', expr('google_compute_subnetwork.nodes.id')),
          attr('source_ip_ranges_to_nat', ['ALL_IP_RANGES']),
        ],
      ),
      blank(),
      comment(
        'Log translation errors (port exhaustion, dropped packets) without logging every connection.',
      ),
      block(
        'log_config',
        [],
        [attr('enable', true), attr('filter', 'ERRORS_ONLY')],
      ),
    ]),
    comment(
      [
        'Private services access: Cloud SQL and Memorystore get addresses from this range through a',
        'peering with Google, so neither needs a public IP. It is reserved even when no data service is',
        'on yet, so adding one later does not change the network.',
      ].join('\n'),
    ),
    resource('google_compute_global_address', 'private_services', [
      attr('project', expr('var.project_id')),
      attr('name', expr('"${var.name}-private-services"')),
      attr('purpose', 'VPC_PEERING'),
      attr('address_type', 'INTERNAL'),
      attr('address', expr('cidrhost(local.private_services_cidr, 0)')),
      attr('prefix_length', 20),
      attr('network', expr('google_compute_network.this.id')),
      attr('labels', expr('var.labels')),
    ]),
    resource('google_service_networking_connection', 'private_services', [
      attr('network', expr('google_compute_network.this.id')),
      attr('service', 'servicenetworking.googleapis.com'),
      attr('reserved_peering_ranges', [
        expr('google_compute_global_address.private_services.name'),
      ]),
      blank(),
      comment(
        [
          'Deleting the peering fails while Google still holds producer resources (Cloud SQL keeps',
          'them for days after deletion); abandoning it lets `terraform destroy` finish.',
        ].join('\n'),
      ),
      attr('deletion_policy', 'ABANDON'),
    ]),
  ];

  const outputs = [
    terraformOutput({
      name: 'network_id',
      description: 'ID of the VPC network.',
      value: 'google_compute_network.this.id',
    }),
    terraformOutput({
      name: 'network_name',
      description: 'Name of the VPC network.',
      value: 'google_compute_network.this.name',
    }),
    terraformOutput({
      name: 'subnetwork_id',
      description: 'ID of the node subnet.',
      value: 'google_compute_subnetwork.nodes.id',
    }),
    terraformOutput({
      name: 'subnetwork_cidr',
      description: 'Primary range of the node subnet.',
      value: 'google_compute_subnetwork.nodes.ip_cidr_range',
    }),
    terraformOutput({
      name: 'pods_range_name',
      description: 'Secondary range for pod IPs.',
      value: 'google_compute_subnetwork.nodes.secondary_ip_range[0].range_name',
    }),
    terraformOutput({
      name: 'services_range_name',
      description: 'Secondary range for service IPs.',
      value: 'google_compute_subnetwork.nodes.secondary_ip_range[1].range_name',
    }),
    terraformOutput({
      name: 'private_services_range_name',
      description:
        'Range reserved for private services access; read from the peering so that users of it wait until the peering exists.',
      value:
        'google_service_networking_connection.private_services.reserved_peering_ranges[0]',
    }),
  ];

  return moduleFiles({
    cloud: 'gcp',
    capability: 'network',
    variables,
    main,
    outputs,
  });
}
