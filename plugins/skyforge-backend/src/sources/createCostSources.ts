import type { Config } from '@backstage/config';
import type { CostSource } from '@skyforge/plugin-skyforge-node';
import { FocusCostSource } from './focus/FocusCostSource';
import { OpenCostSource } from './opencost/OpenCostSource';

/**
 * Builds the sources configured under `skyforge.cost.sources` and appends those added through
 * the extension point. Ids must be unique: each keys its own stored rows.
 */
export function createCostSources(options: {
  config: Config;
  additionalSources?: CostSource[];
  workingDirectory?: string;
}): CostSource[] {
  const configured = (
    options.config.getOptionalConfigArray('skyforge.cost.sources') ?? []
  ).map(sourceConfig => {
    const type = sourceConfig.getString('type');
    switch (type) {
      case 'focus':
        return FocusCostSource.fromConfig(sourceConfig, {
          workingDirectory: options.workingDirectory,
        });
      case 'opencost':
        return OpenCostSource.fromConfig(sourceConfig);
      default:
        throw new Error(
          `Unknown cost source type '${type}' for skyforge.cost.sources id '${sourceConfig.getString(
            'id',
          )}'; built-in types are focus and opencost (add others through skyforgeCostSourcesExtensionPoint)`,
        );
    }
  });
  const sources = [...configured, ...(options.additionalSources ?? [])];
  const seen = new Set<string>();
  for (const source of sources) {
    if (seen.has(source.id)) {
      throw new Error(`Duplicate cost source id '${source.id}'`);
    }
    seen.add(source.id);
  }
  return sources;
}
