import type { HclValue } from '../../hcl/hcl';
import type { PlannedCustomPool } from '../../plan/environmentPlan';
import { TAINT_EFFECTS } from '../../spec/nodePoolSpec';
import { gcpNodeDiskType } from './gcpNodeDisk';

/** The type of `var.node_pools` of the GKE cluster module and of the environment root. */
export const GCP_NODE_POOLS_TYPE = `map(object({
    machine_type  = string
    min_nodes     = number
    desired_nodes = number
    max_nodes     = number
    spot          = bool
    disk_type     = string
    disk_size_gb  = number
    labels        = map(string)
    taints = list(object({
      key    = string
      value  = string
      effect = string
    }))
  }))`;

/** Validations of `var.node_pools`, shared by the module and the root. */
export const GCP_NODE_POOLS_VALIDATIONS = [
  {
    condition:
      'alltrue([for pool in values(var.node_pools) : pool.min_nodes <= pool.desired_nodes && pool.desired_nodes <= pool.max_nodes])',
    message: 'Every node pool needs min_nodes <= desired_nodes <= max_nodes.',
  },
  {
    condition:
      'alltrue([for pool in values(var.node_pools) : contains(["pd-balanced", "pd-ssd"], pool.disk_type)])',
    message: 'disk_type must be pd-balanced or pd-ssd.',
  },
  {
    condition:
      'alltrue(flatten([for pool in values(var.node_pools) : [for taint in pool.taints : contains(["NO_SCHEDULE", "PREFER_NO_SCHEDULE", "NO_EXECUTE"], taint.effect)]]))',
    message:
      'Taint effects must be NO_SCHEDULE, PREFER_NO_SCHEDULE or NO_EXECUTE.',
  },
];

export const GCP_NODE_POOLS_DESCRIPTION =
  'GKE node pools (spec.cluster.nodePools), by name: machine type, Spot VMs, total autoscaling bounds and starting size, boot disk, labels and taints.';

/** The terraform.tfvars value of `node_pools`: the plan's custom pools, by name. */
export function gcpNodePoolsValue(
  pools: readonly PlannedCustomPool[],
): HclValue {
  return Object.fromEntries(
    pools.map(pool => [
      pool.name,
      {
        machine_type: pool.machineType,
        min_nodes: pool.minNodes,
        desired_nodes: pool.desiredNodes,
        max_nodes: pool.maxNodes,
        spot: pool.spot,
        disk_type: gcpNodeDiskType(pool),
        disk_size_gb: pool.diskGb,
        labels: { ...pool.labels },
        taints: pool.taints.map(taint => ({
          key: taint.key,
          value: taint.value,
          effect: TAINT_EFFECTS[taint.effect],
        })),
      },
    ]),
  );
}
