export { useEntityCost } from './useEntityCost';
export type { EntityCostQuery } from './useEntityCost';
export { useEntityHealth } from './useEntityHealth';
export { useFleet } from './useFleet';
