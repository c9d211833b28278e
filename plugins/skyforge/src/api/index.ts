export { skyforgeApiRef } from './SkyforgeApi';
export type {
  GetEntityCostOptions,
  GetEntityHealthOptions,
  GetFleetOptions,
  SkyforgeApi,
} from './SkyforgeApi';
export { SkyforgeClient } from './SkyforgeClient';
