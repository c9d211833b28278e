import type { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_COST_SELECTOR,
  componentCostSelector,
  type EntityCostResponse,
} from '@skyforge/plugin-skyforge-common';

/**
 * Whether any cost row matched. The backend may zero-fill a series for a range without data, so
 * an all-zero series without breakdown items counts as no rows.
 */
export function hasCostRows(response: EntityCostResponse): boolean {
  return response.currencies.some(
    currency =>
      currency.breakdown.length > 0 ||
      currency.series.some(point => point.amount !== 0),
  );
}

/** The entity's own cost selector annotation, if it has one. */
export function costSelectorAnnotation(entity: Entity): string | undefined {
  return entity.metadata.annotations?.[ANNOTATION_COST_SELECTOR];
}

/** The selector the backend uses when the entity has no `skyforge.io/cost-selector` annotation. */
export function defaultCostSelector(entity: Entity): string {
  return componentCostSelector(entity.metadata.name);
}
