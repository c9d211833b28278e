/**
 * The attribution contract: the tags every cloud resource Skyforge renders carries, and the cost
 * selector that picks an entity's cost rows by those tags. The renderer writes them, the cost
 * backend and its sources read them, the frontend shows them: all import them from here.
 */

/**
 * The attribution tag keys, in the order the renderer writes them.
 *
 * @public
 */
export const TAG_KEYS = [
  'skyforge-component',
  'skyforge-system',
  'environment',
  'owner',
  'managed-by',
] as const;

/**
 * The tag key whose value names the component in the default cost selector.
 *
 * @public
 */
export const COMPONENT_TAG = TAG_KEYS[0];

/**
 * The tag whose value names what a resource provides, as the `spec.type` of the catalog Resource
 * that stands for it (`kubernetes-cluster`, `database`, `cache`, `object-storage`,
 * `container-registry`), so that each Resource's cost selector picks its own rows.
 *
 * @public
 */
export const CAPABILITY_TAG = 'skyforge-capability';

/**
 * The tag that names the cluster a node (and the control plane) belongs to: the name of the
 * cluster's catalog Resource, which is also the Kubernetes backend's name of the cluster. OpenCost
 * sources with the same `cluster` replace these rows, so node cost is counted once.
 *
 * @public
 */
export const CLUSTER_TAG = 'kubernetes-cluster';

/**
 * A tag value as every cloud accepts it: lowercase, anything outside `[a-z0-9_-]` replaced by
 * `-`, at most 63 characters (GCP labels).
 *
 * @public
 */
export function sanitizeTagValue(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '-')
    .slice(0, 63);
}

/**
 * One `key=value` term. `key` is normalised (trimmed, lower case); `value` is trimmed.
 *
 * @public
 */
export interface CostSelectorTerm {
  key: string;
  value: string;
}

/**
 * A row matches a selector when it carries every term (logical AND).
 *
 * @public
 */
export interface CostSelector {
  terms: CostSelectorTerm[];
}

/**
 * Tag keys compare trimmed and case-insensitively (Azure treats tag names so); values exactly.
 *
 * @public
 */
export function normalizeTagKey(key: string): string {
  return key.trim().toLowerCase();
}

/**
 * Parses `skyforge.io/cost-selector`: comma-separated `key=value` terms that must all match,
 * e.g. `skyforge-component=payments-api,environment=prod`. Whitespace around keys and values is
 * ignored; the value may contain `=`. Throws an Error naming the faulty term.
 *
 * @public
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

/**
 * The text of a selector, as `skyforge.io/cost-selector` holds it.
 *
 * @public
 */
export function formatCostSelector(selector: CostSelector): string {
  return selector.terms.map(term => `${term.key}=${term.value}`).join(',');
}

/**
 * The selector of a component's rows: `skyforge-component=<name>`, what an entity without a
 * `skyforge.io/cost-selector` annotation is attributed by.
 *
 * @public
 */
export function componentCostSelector(name: string): string {
  return formatCostSelector({ terms: [{ key: COMPONENT_TAG, value: name }] });
}

/**
 * True when the tags carry every term of the selector (the same rule the database applies).
 *
 * @public
 */
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
