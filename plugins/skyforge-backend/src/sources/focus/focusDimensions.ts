import type { CostDimensions } from '../../database/CostStore';
import {
  CanonicalTagSet,
  canonicalTagSet,
  costDimensions,
} from '../../database/costDimensions';
import { parseFocusTags } from './parseFocusTags';

/** A field as read; empty text is absent (NULL, or empty in the export). */
function text(value: string | null): string | undefined {
  return value === null || value === '' ? undefined : value;
}

/**
 * The canonical dimensions of one set of FOCUS values as read — `BillingCurrency`,
 * `ProviderName`, `ServiceName`, `ServiceCategory`, `RegionId`, `SubAccountId` and `Tags` as JSON
 * text — or undefined when the currency is empty (such rows are skipped). `tagSets` keeps the
 * tag sets made so far by their text: many dimension sets share one.
 */
export function focusDimensions(
  values: ReadonlyArray<string | null>,
  tagSets: Map<string, CanonicalTagSet> = new Map(),
): CostDimensions | undefined {
  const [
    currency,
    provider,
    service,
    serviceCategory,
    region,
    subAccount,
    tags,
  ] = values;
  const code = text(currency)?.trim().toUpperCase();
  if (!code) {
    return undefined;
  }
  const tagsText = text(tags) ?? '';
  let tagSet = tagSets.get(tagsText);
  if (tagSet === undefined) {
    tagSet = canonicalTagSet(parseFocusTags(text(tags)));
    tagSets.set(tagsText, tagSet);
  }
  return costDimensions({
    tagSet,
    currency: code,
    provider: text(provider),
    service: text(service),
    serviceCategory: text(serviceCategory),
    region: text(region),
    subAccount: text(subAccount),
  });
}
