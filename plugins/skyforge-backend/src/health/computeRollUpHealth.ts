import type {
  EntityHealthPart,
  EntityHealthResponse,
  HealthStatus,
} from '@skyforge/plugin-skyforge-common';
import { MAX_REASONS, SEVERITY } from './computeEntityHealth';

/**
 * Rolls the health of a System's or Group's parts up into its own: the worst part wins, and the
 * reasons name each part that is not healthy with its first reason, worst first.
 */
export function computeRollUpHealth(options: {
  entityRef: string;
  parts: Array<{ title?: string; health: EntityHealthResponse }>;
  generatedAt: string;
}): EntityHealthResponse {
  const { entityRef, generatedAt } = options;
  const parts: EntityHealthPart[] = options.parts
    .map(({ title, health }) => ({
      entityRef: health.entityRef,
      ...(title && { title }),
      view:
        health.view === 'cluster'
          ? ('cluster' as const)
          : ('workloads' as const),
      status: health.status,
      reasons: health.reasons,
    }))
    .sort(
      (a, b) =>
        SEVERITY[b.status] - SEVERITY[a.status] ||
        a.entityRef.localeCompare(b.entityRef),
    );
  let status: HealthStatus = 'unknown';
  const reasons: string[] = [];
  if (parts.length === 0) {
    reasons.push(
      `No part of ${entityRef} that you may read has health: Components and Resources with the backstage.io/kubernetes-id or backstage.io/kubernetes-label-selector annotation, and kubernetes-cluster Resources`,
    );
  } else {
    status = parts.reduce<HealthStatus>(
      (worst, part) =>
        SEVERITY[part.status] > SEVERITY[worst] ? part.status : worst,
      'healthy',
    );
    for (const part of parts.filter(
      candidate => candidate.status !== 'healthy',
    )) {
      const [first, ...rest] = part.reasons;
      const name = part.title ?? part.entityRef;
      reasons.push(
        first
          ? `${name} is ${part.status}: ${first}${
              rest.length > 0 ? ` (and ${rest.length} more)` : ''
            }`
          : `${name} is ${part.status}`,
      );
    }
  }
  const shown = reasons.slice(0, MAX_REASONS);
  if (reasons.length > MAX_REASONS) {
    shown.push(`and ${reasons.length - MAX_REASONS} more`);
  }
  return {
    entityRef,
    view: 'rollUp',
    status,
    reasons: shown,
    clusters: [],
    parts,
    generatedAt,
  };
}
