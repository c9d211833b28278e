/** Response types of `GET /api/skyforge/v1/fleet`. */
import type { HealthStatus, NodePoolHealth, ScalerHealth } from './healthTypes';

/**
 * A cluster's month-to-date cost and month-end forecast in one currency.
 *
 * @public
 */
export interface FleetClusterCost {
  currency: string;
  /** The month the figures cover, `YYYY-MM` (the month of the latest cost data). */
  month: string;
  monthToDate: number;
  forecastMonthEnd: number;
}

/**
 * One cluster of the Kubernetes backend, with its catalog Resource when there is one.
 *
 * @public
 */
export interface FleetCluster {
  /** The Kubernetes backend's name of the cluster. */
  name: string;
  title?: string;
  /** The `kubernetes-cluster` Resource that stands for the cluster, when the catalog has one. */
  entityRef?: string;
  /** The Resource's owner, e.g. `group:default/platform`. */
  owner?: string;
  /** `aws`, `gcp` or `azure`: the Resource's `skyforge.io/cloud`, else the cluster's auth provider. */
  cloud?: string;
  region?: string;
  environment?: string;
  status: HealthStatus;
  reachable: boolean;
  error?: string;
  /** Why the status is what it is, most severe first. */
  reasons: string[];
  nodesReady?: number;
  nodesTotal?: number;
  nodePools: NodePoolHealth[];
  /** The cluster autoscaler's and Karpenter's state. */
  autoscalers: ScalerHealth[];
  /** Cost selected by the Resource's cost selector, per currency; absent without a Resource or `skyforge.cost.read`. */
  cost?: FleetClusterCost[];
  /** True when the cluster has a Resource but the caller is not allowed `skyforge.cost.read` on it. */
  costHidden?: boolean;
}

/** @public */
export interface FleetResponse {
  /** The clusters that match the filters, by name. */
  clusters: FleetCluster[];
  /** Clusters left out because the caller is not allowed `skyforge.health.read` on their Resource. */
  hiddenCount: number;
  /** Every owner and cloud among the clusters the caller may see, for the filters. */
  owners: string[];
  clouds: string[];
  generatedAt: string;
}
