import type { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_BUDGET,
  ANNOTATION_COST_SELECTOR,
  COMPONENT_TAG,
} from '@skyforge/plugin-skyforge-common';

/** One `key=value` term. `key` is normalised (trimmed, lower case); `value` is trimmed. */
export interface CostSelectorTerm {
  key: string;
  value: string;
}

/** A row matches a selector when it carries every term (logical AND). */
export interface CostSelector {
  terms: CostSelectorTerm[];
}

/** Tag keys compare trimmed and case-insensitively (Azure treats tag names so); values exactly. */
export function normalizeTagKey(key: string): string {
  return key.trim().toLowerCase();
}

/**
 * Parses `skyforge.io/cost-selector`: comma-separated `key=value` terms that must all match,
 * e.g. `skyforge-component=payments-api,environment=prod`. Whitespace around keys and values is
 * ignored; the value may contain `=`. Throws an Error naming the faulty term.
 */
export function parseCostSelector(text: string): CostSelector {
  const terms: CostSelectorTerm[] = [];
  const seen = new Set<string>();
  for (const part of text.split(',')) {
    const term = part.trim();
    if (term === '') {
      throw new Error(`Empty term in cost selector '${text}'`);
    }
    const equals = term.indexOf('=');
    if (equals <= 0) {
      throw new Error(
        `Cost selector term '${term}' is not of the form key=value`,
      );
    }
    const key = normalizeTagKey(term.slice(0, equals));
    const value = term.slice(equals + 1).trim();
    if (key === '' || value === '') {
      throw new Error(`Cost selector term '${term}' has an empty key or value`);
    }
    const id = `${key}\u0000${value}`;
    if (!seen.has(id)) {
      seen.add(id);
      terms.push({ key, value });
    }
  }
  return { terms };
}

export function formatCostSelector(selector: CostSelector): string {
  return selector.terms.map(term => `${term.key}=${term.value}`).join(',');
}

/** True when the tags carry every term of the selector (the same rule the database applies). */
export function matchesCostSelector(
  selector: CostSelector,
  tags: Record<string, string>,
): boolean {
  const normalized = new Map<string, Set<string>>();
  for (const [key, value] of Object.entries(tags)) {
    const normalizedKey = normalizeTagKey(key);
    const values = normalized.get(normalizedKey) ?? new Set<string>();
    values.add(value.trim());
    normalized.set(normalizedKey, values);
  }
  return selector.terms.every(term =>
    normalized.get(term.key)?.has(term.value),
  );
}

/** The selector of an entity: its annotation, or `skyforge-component=<name>`. */
export function costSelectorText(entity: Entity): string {
  return (
    entity.metadata.annotations?.[ANNOTATION_COST_SELECTOR]?.trim() ||
    `${COMPONENT_TAG}=${entity.metadata.name}`
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
