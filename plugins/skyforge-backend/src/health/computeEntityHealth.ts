import type {
  ClusterHealth,
  EntityHealthResponse,
  HealthStatus,
  HealthView,
} from '@skyforge/plugin-skyforge-common';

/** At most this many reasons are listed; the problems of each cluster hold the rest. */
export const MAX_REASONS = 10;

/** How bad each status is: the worst one wins a roll-up. */
export const SEVERITY: Record<HealthStatus, number> = {
  healthy: 0,
  unknown: 1,
  degraded: 2,
  unhealthy: 3,
};

/**
 * Rolls the clusters' health up into the entity's: the worst cluster wins, a cluster that cannot
 * be read makes an otherwise healthy entity degraded (part of it is not visible), and the entity
 * is unknown when no cluster could be read or none holds its objects.
 */
export function computeEntityHealth(options: {
  entityRef: string;
  /** `workloads` (the default) or `cluster`. */
  view?: Exclude<HealthView, 'rollUp'>;
  clusters: ClusterHealth[];
  generatedAt: string;
  /** How the entity's objects were selected, for the reason given when none were found. */
  selector?: string;
}): EntityHealthResponse {
  const { entityRef, clusters, generatedAt, selector } = options;
  const view = options.view ?? 'workloads';
  const reachable = clusters.filter(cluster => cluster.reachable);
  const unreachable = clusters.filter(cluster => !cluster.reachable);
  const reasons: string[] = [];

  let status: HealthStatus;
  if (clusters.length === 0) {
    status = 'unknown';
    reasons.push(
      `No Kubernetes objects found for ${selector ?? entityRef} in any cluster`,
    );
  } else if (reachable.length === 0) {
    status = 'unknown';
  } else {
    status = reachable.reduce<HealthStatus>(
      (worst, cluster) =>
        SEVERITY[cluster.status] > SEVERITY[worst] ? cluster.status : worst,
      'healthy',
    );
    if (unreachable.length > 0 && SEVERITY[status] < SEVERITY.degraded) {
      status = 'degraded';
    }
  }

  for (const cluster of unreachable) {
    reasons.push(
      `Cluster ${cluster.name} is unreachable: ${
        cluster.error ?? 'unknown error'
      }`,
    );
  }
  const problems = reachable.flatMap(cluster =>
    cluster.problems.map(problem => ({ cluster: cluster.name, problem })),
  );
  const ordered = [
    ...problems.filter(entry => entry.problem.severity === 'error'),
    ...problems.filter(entry => entry.problem.severity === 'warning'),
  ];
  for (const { cluster, problem } of ordered) {
    reasons.push(`${cluster}: ${problem.message}`);
  }
  const shown = reasons.slice(0, MAX_REASONS);
  if (reasons.length > MAX_REASONS) {
    shown.push(`and ${reasons.length - MAX_REASONS} more`);
  }
  return { entityRef, view, status, reasons: shown, clusters, generatedAt };
}
