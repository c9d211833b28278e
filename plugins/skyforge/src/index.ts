/**
 * Skyforge frontend: entity Cost and Health tabs and cards, the fleet page, the stack upgrade notice
 * and the Create wizard's cost preview and policy check fields for the legacy frontend system (the new frontend system's plugin is the default export of
 * `./alpha`), and the API client.
 *
 * @packageDocumentation
 */
export {
  skyforgePlugin,
  EntitySkyforgeCostContent,
  EntitySkyforgeCostCard,
  EntitySkyforgeHealthContent,
  EntitySkyforgeHealthCard,
  EntitySkyforgeStackUpgradeCard,
  SkyforgeCostEstimateFieldExtension,
  SkyforgeStackCheckFieldExtension,
  SkyforgeFleetPage,
} from './plugin';
export { isSkyforgeStackUpgradeAvailable } from './lib/stackUpgrade';
export { skyforgeApiRef, SkyforgeClient } from './api';
export type {
  GetEntityCostOptions,
  GetEntityHealthOptions,
  GetFleetOptions,
  SkyforgeApi,
} from './api';
export { useEntityCost, useEntityHealth, useFleet } from './hooks';
export type { EntityCostQuery } from './hooks';
export type {
  EntityCostContentProps,
  EntityCostCardProps,
  EntityHealthCardProps,
} from './components';
export { previewCostEstimate } from './lib/previewCostEstimate';
export type { CostPreview } from './lib/previewCostEstimate';
export { COST_ESTIMATE_FIELD_NAME } from './lib/costEstimateField';
export { STACK_CHECK_FIELD_NAME } from './lib/stackCheck';
export type {
  CostEstimateObject,
  CostEstimateValue,
} from './lib/costEstimateField';
