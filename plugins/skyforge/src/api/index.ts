export { skyforgeApiRef } from './SkyforgeApi';
export type {
  GetEntityCostOptions,
  GetEntityHealthOptions,
  SkyforgeApi,
} from './SkyforgeApi';
export { SkyforgeClient } from './SkyforgeClient';
