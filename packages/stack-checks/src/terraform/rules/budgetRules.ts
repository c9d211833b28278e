import { COMPONENT_TAG } from '@skyforge/plugin-skyforge-common';
import type { HclJsonBody, HclJsonValue, TerraformRule } from '../types';
import { blocks, isExpression, strings } from './ruleHelpers';

const UNATTRIBUTED = `counts cost that is not the stack's: filter it by the attribution tag ${COMPONENT_TAG} (the tag every Skyforge resource carries)`;

/** The value of a map attribute (`labels = { ... }`), whichever way the parser nests it. */
function mapOf(value: HclJsonValue | undefined): HclJsonBody {
  const map = Array.isArray(value) ? value[0] : value;
  return map !== null && typeof map === 'object' && !Array.isArray(map)
    ? map
    : {};
}

/**
 * Budgets count the stack's own cost: each filters on the component tag of the attribution
 * contract (`plugins/skyforge-common/src/attribution.ts`), the same tag the Cost tab selects by,
 * so that a budget alert and the Cost tab speak of the same money.
 */
export const BUDGET_RULES: readonly TerraformRule[] = [
  {
    id: 'SKYFORGE_AWS_BUDGET_ATTRIBUTION',
    title: 'AWS budget filtered by the attribution tag',
    cloud: 'aws',
    resourceTypes: ['aws_budgets_budget'],
    check: ({ resource }) => {
      const values = blocks(resource.body, 'cost_filter')
        .filter(filter => filter.name === 'TagKeyValue')
        .flatMap(filter => strings(filter.values));
      const prefix = `user:${COMPONENT_TAG}$`;
      return values.length > 0 &&
        values.every(
          value =>
            isExpression(value) ||
            (value.startsWith(prefix) && value.length > prefix.length),
        )
        ? undefined
        : `${UNATTRIBUTED} (cost_filter TagKeyValue = ["${prefix}<component>"])`;
    },
  },
  {
    id: 'SKYFORGE_GCP_BUDGET_ATTRIBUTION',
    title: 'Cloud Billing budget filtered by the attribution label',
    cloud: 'gcp',
    resourceTypes: ['google_billing_budget'],
    check: ({ resource }) => {
      const labels = blocks(resource.body, 'budget_filter').map(filter =>
        mapOf(filter.labels),
      );
      return labels.some(map => typeof map[COMPONENT_TAG] === 'string')
        ? undefined
        : `${UNATTRIBUTED} (budget_filter.labels = { ${COMPONENT_TAG} = "<component>" })`;
    },
  },
  {
    id: 'SKYFORGE_AZURE_BUDGET_ATTRIBUTION',
    title: 'Azure budget filtered by the attribution tag',
    cloud: 'azure',
    resourceTypes: [
      'azurerm_consumption_budget_resource_group',
      'azurerm_consumption_budget_subscription',
    ],
    check: ({ resource }) => {
      const tags = blocks(resource.body, 'filter').flatMap(filter =>
        blocks(filter, 'tag'),
      );
      return tags.some(tag => tag.name === COMPONENT_TAG)
        ? undefined
        : `${UNATTRIBUTED} (filter { tag { name = "${COMPONENT_TAG}" } })`;
    },
  },
];
