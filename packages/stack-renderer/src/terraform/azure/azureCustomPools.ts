import {
  attr,
  block,
  comment,
  expr,
  resource,
  type HclBody,
  type HclValue,
} from '../../hcl/hcl';
import { POOL_LABEL_KEY } from '../../naming';
import type { PlannedCustomPool } from '../../plan/environmentPlan';
import { SYSTEM_POOL } from '../../spec/nodePoolSpec';

/** The label and taint AKS puts on every node of a Spot pool. */
export const AZURE_SPOT_LABEL = 'kubernetes.azure.com/scalesetpriority';

/** The type of `var.node_pools` of the AKS cluster module and of the environment root. */
export const AZURE_NODE_POOLS_TYPE = `map(object({
    vm_size         = string
    min_count       = number
    node_count      = number
    max_count       = number
    spot            = bool
    os_disk_size_gb = number
    labels          = map(string)
    taints          = list(string)
  }))`;

export const AZURE_NODE_POOLS_DESCRIPTION =
  'AKS node pools (spec.cluster.nodePools), by name: VM size, Spot priority, autoscaling bounds and starting count, OS disk, labels and taints. The pool named system is the default (system-mode) node pool.';

/** Validations of `var.node_pools`, shared by the module and the root. */
export const AZURE_NODE_POOLS_VALIDATIONS = [
  {
    condition:
      'alltrue([for pool in values(var.node_pools) : pool.min_count <= pool.node_count && pool.node_count <= pool.max_count])',
    message: 'Every node pool needs min_count <= node_count <= max_count.',
  },
  {
    condition: `contains(keys(var.node_pools), "${SYSTEM_POOL}") && !var.node_pools["${SYSTEM_POOL}"].spot && length(var.node_pools["${SYSTEM_POOL}"].taints) == 0 && var.node_pools["${SYSTEM_POOL}"].min_count >= 1`,
    message: `node_pools needs an on-demand, untainted "${SYSTEM_POOL}" pool of at least one node: it is the AKS default (system) node pool.`,
  },
];

/** The terraform.tfvars value of `node_pools`: the plan's custom pools, by name. */
export function azureNodePoolsValue(
  pools: readonly PlannedCustomPool[],
): HclValue {
  return Object.fromEntries(
    pools.map(pool => [
      pool.name,
      {
        vm_size: pool.machineType,
        min_count: pool.minNodes,
        node_count: pool.desiredNodes,
        max_count: pool.maxNodes,
        spot: pool.spot,
        os_disk_size_gb: pool.diskGb,
        labels: { ...pool.labels },
        taints: pool.taints.map(
          taint => `${taint.key}=${taint.value}:${taint.effect}`,
        ),
      },
    ]),
  );
}

/** The arguments of the default node pool that come from the custom system pool. */
export function azureSystemPoolSizing(): HclBody {
  const system = `var.node_pools["${SYSTEM_POOL}"]`;
  return [
    attr('vm_size', expr(`${system}.vm_size`)),
    attr('os_sku', 'AzureLinux'),
    comment(
      'A managed Premium SSD OS disk (where the size takes premium storage): its IOPS and throughput\n' +
        'follow the disk size tier, AKS OS disks take no provisioned figures.',
    ),
    attr('os_disk_type', 'Managed'),
    attr('os_disk_size_gb', expr(`${system}.os_disk_size_gb`)),
    attr('host_encryption_enabled', true),
    attr('only_critical_addons_enabled', true),
    attr('auto_scaling_enabled', true),
    attr('node_count', expr(`${system}.node_count`)),
    attr('min_count', expr(`${system}.min_count`)),
    attr('max_count', expr(`${system}.max_count`)),
    attr(
      'node_labels',
      expr(
        `merge(${system}.labels, { "${POOL_LABEL_KEY}" = "${SYSTEM_POOL}" })`,
      ),
    ),
  ];
}

/**
 * The user-mode node pools of spec.cluster.nodePools (every pool but system, which is the
 * default pool), each spread over three zones in the node subnet, autoscaled between its bounds
 * from its desired count.
 */
export function azureCustomPools(options: { zones: string[] }): HclBody {
  const spot = 'each.value.spot';
  return [
    comment(
      'The user node pools of spec.cluster.nodePools (the pool named system is the default pool).\n' +
        'Spot pools: evicted nodes are deleted, the price cap is the on-demand price (-1), and AKS\n' +
        'adds the spot label and taint, declared here so Terraform does not fight them; surge\n' +
        'upgrades are not offered for them. The cluster autoscaler owns node_count after creation.',
    ),
    resource('azurerm_kubernetes_cluster_node_pool', 'custom', [
      attr(
        'for_each',
        expr(
          `{ for name, pool in var.node_pools : name => pool if name != "${SYSTEM_POOL}" }`,
        ),
      ),
      attr('name', expr('each.key')),
      attr('kubernetes_cluster_id', expr('azurerm_kubernetes_cluster.this.id')),
      attr('mode', 'User'),
      attr(
        'temporary_name_for_rotation',
        expr('"${substr(each.key, 0, 9)}tmp"'),
      ),
      attr('vm_size', expr('each.value.vm_size')),
      attr('os_sku', 'AzureLinux'),
      attr('os_disk_type', 'Managed'),
      attr('os_disk_size_gb', expr('each.value.os_disk_size_gb')),
      attr('host_encryption_enabled', true),
      attr('auto_scaling_enabled', true),
      attr('node_count', expr('each.value.node_count')),
      attr('min_count', expr('each.value.min_count')),
      attr('max_count', expr('each.value.max_count')),
      attr('zones', options.zones),
      attr('vnet_subnet_id', expr('var.nodes_subnet_id')),
      attr('priority', expr(`${spot} ? "Spot" : "Regular"`)),
      attr('eviction_policy', expr(`${spot} ? "Delete" : null`)),
      attr('spot_max_price', expr(`${spot} ? -1 : null`)),
      attr(
        'node_labels',
        expr(
          `merge(each.value.labels, { "${POOL_LABEL_KEY}" = each.key }, ${spot} ? { "${AZURE_SPOT_LABEL}" = "spot" } : {})`,
        ),
      ),
      attr(
        'node_taints',
        expr(
          `concat(each.value.taints, ${spot} ? ["${AZURE_SPOT_LABEL}=spot:NoSchedule"] : [])`,
        ),
      ),
      block(
        'dynamic',
        ['upgrade_settings'],
        [
          attr('for_each', expr(`${spot} ? [] : [1]`)),
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
