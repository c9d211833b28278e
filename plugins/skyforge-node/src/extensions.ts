import {
  createExtensionPoint,
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { CostSource } from './types';

/**
 * What a {@link CostSourceType} receives besides its configuration entry.
 *
 * @public
 */
export interface CostSourceTypeContext {
  /** The plugin's logger. */
  logger: LoggerService;
  /** Backstage's URL reader, for locations that a configured integration serves. */
  urlReader: UrlReaderService;
  /** The backend process's working directory; relative paths resolve against it. */
  workingDirectory: string;
}

/**
 * A kind of cost source that `skyforge.cost.sources` entries select with their `type`.
 *
 * @public
 */
export interface CostSourceType {
  /** The value of `type` that selects this kind, e.g. `focus` or `my-billing`. */
  type: string;
  /**
   * Builds a source from one `skyforge.cost.sources` entry: its `id`, `type`, optional
   * `lookbackDays` and the type's own `options`. Throw on invalid options, naming the option
   * and the rule; the backend does not start with an invalid entry.
   */
  fromConfig(config: Config, context: CostSourceTypeContext): CostSource;
}

/**
 * Lets backend modules add cost sources and cost source types to the Skyforge backend plugin.
 *
 * @public
 */
export interface SkyforgeCostSourcesExtensionPoint {
  /**
   * Adds a kind of source, selected by `type` in `skyforge.cost.sources` entries. The built-in
   * kinds (`focus`, `opencost`, `bigquery`, `aws-cost-explorer`, `azure-cost-management`) are
   * registered the same way; registering a type twice is an error.
   *
   * @param sourceType - The type key and the factory building a source from an entry.
   */
  addCostSourceType(sourceType: CostSourceType): void;
  /**
   * Adds one ready-made cost source, besides the configured ones. It is ingested on the same
   * schedule, and its id must not clash with theirs.
   *
   * @param source - The source to add.
   */
  addCostSource(source: CostSource): void;
}

/**
 * The extension point through which modules add {@link CostSourceType}s and {@link CostSource}s.
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
 *         costSources.addCostSourceType({
 *           type: 'my-billing',
 *           fromConfig: config =>
 *             new MyBillingCostSource({
 *               id: config.getString('id'),
 *               baseUrl: config.getString('options.baseUrl'),
 *             }),
 *         });
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
