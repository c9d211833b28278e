/**
 * Extension points of the Skyforge backend plugin: add cost sources from backend modules.
 *
 * @packageDocumentation
 */
export { skyforgeCostSourcesExtensionPoint } from './extensions';
export type { SkyforgeCostSourcesExtensionPoint } from './extensions';
export type {
  CostIngestOptions,
  CostIngestWindow,
  CostRow,
  CostSource,
} from './types';
