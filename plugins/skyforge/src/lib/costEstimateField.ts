import type { CostEstimate } from '@skyforge/stack-renderer/cost';

/**
 * The `ui:field` name of the wizard's cost preview, as templates refer to it.
 *
 * @public
 */
export const COST_ESTIMATE_FIELD_NAME = 'SkyforgeCostEstimate';

/**
 * The preview's value when its schema is an object.
 *
 * @public
 */
export interface CostEstimateObject {
  /** Estimated monthly total in USD, to the cent. */
  monthly: number;
  currency: 'USD';
  /** Date of the list prices the estimate uses (`YYYY-MM-DD`). */
  pricesAsOf: string;
}

/**
 * What the preview stores, by the `type` of its property in the template.
 *
 * @public
 */
export type CostEstimateValue = number | string | CostEstimateObject;

/**
 * The value the preview stores for an estimate, shaped by the property's schema type so that the
 * form's own validation always accepts it: `number` (or `integer`, rounded) the monthly total in
 * USD, `string` the total as text, `object` the total with its currency and price date; for any
 * other type, or while the form is incomplete, nothing.
 */
export function costEstimateValue(options: {
  estimate?: CostEstimate;
  schemaType?: unknown;
}): CostEstimateValue | undefined {
  const { estimate, schemaType } = options;
  if (!estimate) {
    return undefined;
  }
  const monthly = estimate.totals.overall;
  switch (schemaType) {
    case 'number':
      return monthly;
    case 'integer':
      return Math.round(monthly);
    case 'string':
      return `${monthly.toFixed(2)} USD`;
    case 'object':
      return { monthly, currency: 'USD', pricesAsOf: estimate.pricesAsOf };
    default:
      return undefined;
  }
}

/**
 * Whether the stored value already matches. An empty object counts as unset: the form fills an
 * object property with `{}` by default, and replacing that with nothing again and again would
 * never settle.
 */
export function isSameCostEstimateValue(
  current: unknown,
  next: CostEstimateValue | undefined,
): boolean {
  const isUnset = (value: unknown) =>
    value === undefined ||
    value === null ||
    (typeof value === 'object' && Object.keys(value).length === 0);
  if (next === undefined) {
    return isUnset(current);
  }
  return JSON.stringify(current) === JSON.stringify(next);
}
