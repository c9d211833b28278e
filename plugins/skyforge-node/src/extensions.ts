import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { CostSource } from './types';

/**
 * Lets backend modules add cost sources to the Skyforge backend plugin.
 *
 * @public
 */
export interface SkyforgeCostSourcesExtensionPoint {
  /**
   * Adds a cost source. It is ingested on the same schedule as the sources configured under
   * `skyforge.cost.sources`, and its id must not clash with theirs.
   *
   * @param source - The source to add.
   */
  addCostSource(source: CostSource): void;
}

/**
 * The extension point through which modules add {@link CostSource}s.
 *
 * @example
 * ```ts
 * export default createBackendModule({
 *   pluginId: 'skyforge',
 *   moduleId: 'my-billing',
 *   register(reg) {
 *     reg.registerInit({
 *       deps: { costSources: skyforgeCostSourcesExtensionPoint },
 *       async init({ costSources }) {
 *         costSources.addCostSource(new MyBillingCostSource());
 *       },
 *     });
 *   },
 * });
 * ```
 *
 * @public
 */
export const skyforgeCostSourcesExtensionPoint =
  createExtensionPoint<SkyforgeCostSourcesExtensionPoint>({
    id: 'skyforge.cost-sources',
  });
