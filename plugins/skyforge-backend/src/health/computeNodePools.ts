import type {
  HealthProblem,
  NodePoolHealth,
} from '@skyforge/plugin-skyforge-common';
import type { KarpenterNodePool, Node } from './kubernetesTypes';
import type {
  ClusterAutoscalerNodeGroupStatus,
  ClusterAutoscalerStatus,
} from './parseClusterAutoscalerStatus';
import { findCondition } from './conditions';

/**
 * Node labels that name a node's pool, most specific first: Skyforge's own label, then the
 * managed node group labels of EKS, GKE and AKS, then Karpenter's.
 */
export const NODE_POOL_LABELS = [
  'skyforge.io/pool',
  'eks.amazonaws.com/nodegroup',
  'cloud.google.com/gke-nodepool',
  'kubernetes.azure.com/agentpool',
  'karpenter.sh/nodepool',
] as const;

/** The pool name given to nodes that carry none of {@link NODE_POOL_LABELS}. */
export const UNPOOLED = '(no pool label)';

const INSTANCE_TYPE_LABELS = [
  'node.kubernetes.io/instance-type',
  'beta.kubernetes.io/instance-type',
];

export function isNodeReady(node: Node): boolean {
  return findCondition(node.status?.conditions, 'Ready')?.status === 'True';
}

export function nodePoolOf(node: Node): { name: string; label?: string } {
  const labels = node.metadata.labels ?? {};
  for (const label of NODE_POOL_LABELS) {
    if (labels[label]) {
      return { name: labels[label], label };
    }
  }
  return { name: UNPOOLED };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Whether a cluster autoscaler node group id belongs to a pool. The autoscaler names groups
 * by their cloud id: EKS managed node groups by their ASG `eks-<nodegroup>-<uuid>`, AKS by the
 * scale set `aks-<pool>-<id>-vmss`, GKE by the MIG URL `.../instanceGroups/gke-<cluster>-<pool>-<hash>-grp`,
 * Cluster API by `MachineDeployment/<namespace>/<name>`.
 */
export function autoscalerGroupMatchesPool(
  groupName: string,
  pool: string,
): boolean {
  if (groupName === pool) return true;
  const name = escapeRegExp(pool);
  return [
    new RegExp(
      `^eks-${name}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`,
    ),
    new RegExp(`^eks-${name}-[0-9a-f]{32,}$`),
    new RegExp(`^aks-${name}-\\d+-vmss$`),
    new RegExp(`/instanceGroups/gke-.+-${name}-[0-9a-f]{8}-grp$`),
    new RegExp(`^[A-Za-z]+/[^/]+/${name}$`),
  ].some(pattern => pattern.test(groupName));
}

function sumDefined(values: Array<number | undefined>): number | undefined {
  const defined = values.filter(
    (value): value is number => value !== undefined,
  );
  return defined.length === 0 ? undefined : defined.reduce((a, b) => a + b, 0);
}

function stringify(
  record: Record<string, string | number> | undefined,
): Record<string, string> | undefined {
  if (!record) return undefined;
  return Object.fromEntries(
    Object.entries(record).map(([key, value]) => [key, String(value)]),
  );
}

export interface NodePoolsResult {
  nodesReady: number;
  nodesTotal: number;
  nodePools: NodePoolHealth[];
  problems: HealthProblem[];
}

/**
 * Groups a cluster's nodes into pools and adds what the autoscalers say about each pool:
 * min / max / target from the cluster autoscaler's status, limits and usage from Karpenter.
 */
export function computeNodePools(options: {
  nodes: Node[];
  clusterAutoscalerStatus?: ClusterAutoscalerStatus;
  karpenterNodePools?: KarpenterNodePool[];
}): NodePoolsResult {
  const { nodes, clusterAutoscalerStatus, karpenterNodePools } = options;
  const pools = new Map<string, NodePoolHealth & { notReadyNodes: string[] }>();
  for (const node of nodes) {
    const { name, label } = nodePoolOf(node);
    let pool = pools.get(name);
    if (!pool) {
      pool = {
        name,
        label,
        nodesReady: 0,
        nodesTotal: 0,
        instanceTypes: [],
        notReadyNodes: [],
      };
      pools.set(name, pool);
    }
    pool.nodesTotal += 1;
    if (isNodeReady(node)) {
      pool.nodesReady += 1;
    } else {
      pool.notReadyNodes.push(node.metadata.name);
    }
    const labels = node.metadata.labels ?? {};
    const instanceType = INSTANCE_TYPE_LABELS.map(key => labels[key]).find(
      Boolean,
    );
    if (instanceType && !pool.instanceTypes.includes(instanceType)) {
      pool.instanceTypes.push(instanceType);
    }
  }

  const problems: HealthProblem[] = [];
  const autoscalerGroups = clusterAutoscalerStatus?.nodeGroups ?? [];
  for (const pool of pools.values()) {
    const groups: ClusterAutoscalerNodeGroupStatus[] = autoscalerGroups.filter(
      group => autoscalerGroupMatchesPool(group.name, pool.name),
    );
    if (groups.length > 0) {
      pool.autoscaler = 'cluster-autoscaler';
      pool.min = sumDefined(groups.map(group => group.minSize));
      pool.max = sumDefined(groups.map(group => group.maxSize));
      pool.desired = sumDefined(groups.map(group => group.cloudProviderTarget));
    }
    const karpenterPool =
      pool.label === 'karpenter.sh/nodepool'
        ? karpenterNodePools?.find(
            candidate => candidate.metadata.name === pool.name,
          )
        : undefined;
    if (karpenterPool) {
      pool.autoscaler = 'karpenter';
      pool.limits = stringify(karpenterPool.spec?.limits);
      pool.usage = stringify(karpenterPool.status?.resources);
      // Karpenter limits resources, not node counts, unless a `nodes` limit is set.
      const nodeLimit = Number(karpenterPool.spec?.limits?.nodes);
      if (Number.isFinite(nodeLimit) && nodeLimit > 0) {
        pool.max = nodeLimit;
      }
    }
    pool.instanceTypes.sort((a, b) => a.localeCompare(b));
    if (pool.notReadyNodes.length > 0) {
      problems.push({
        severity: pool.nodesReady === 0 ? 'error' : 'warning',
        message: `${pool.notReadyNodes.length} of ${
          pool.nodesTotal
        } nodes in pool ${pool.name} are not ready: ${pool.notReadyNodes.join(
          ', ',
        )}`,
        action:
          'Run `kubectl describe node` on them: check the Ready condition, kubelet and network; replace the nodes if they do not recover.',
        object: `Nodes of pool ${pool.name}`,
      });
    }
  }

  const nodePools = [...pools.values()]
    .map(({ notReadyNodes: _notReady, ...pool }) => stripUndefined(pool))
    .sort((a, b) => a.name.localeCompare(b.name));
  return {
    nodesReady: nodePools.reduce((sum, pool) => sum + pool.nodesReady, 0),
    nodesTotal: nodePools.reduce((sum, pool) => sum + pool.nodesTotal, 0),
    nodePools,
    problems,
  };
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as T;
}
