import type { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_BUDGET,
  ANNOTATION_COST_SELECTOR,
  componentCostSelector,
} from '@skyforge/plugin-skyforge-common';

// The selector itself is the attribution contract's, in skyforge-common.
export {
  normalizeTagKey,
  parseCostSelector,
} from '@skyforge/plugin-skyforge-common';
export type { CostSelector } from '@skyforge/plugin-skyforge-common';

/** The selector of an entity: its annotation, or `skyforge-component=<name>`. */
export function costSelectorText(entity: Entity): string {
  return (
    entity.metadata.annotations?.[ANNOTATION_COST_SELECTOR]?.trim() ||
    componentCostSelector(entity.metadata.name)
  );
}

export interface Budget {
  monthly: number;
  currency: string;
}

const BUDGET_PATTERN = /^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]{3})\s*$/;

/** Parses `skyforge.io/budget` (`2500 USD`); undefined when absent. Throws when malformed. */
export function parseBudget(entity: Entity): Budget | undefined {
  const text = entity.metadata.annotations?.[ANNOTATION_BUDGET];
  if (text === undefined) {
    return undefined;
  }
  const match = BUDGET_PATTERN.exec(text.replace(/_/g, ''));
  if (!match) {
    throw new Error(
      `Annotation ${ANNOTATION_BUDGET} '${text}' is not of the form '<amount> <currency>', e.g. '2500 USD'`,
    );
  }
  return { monthly: Number(match[1]), currency: match[2].toUpperCase() };
}
