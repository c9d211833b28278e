import type { CostSourceType } from '@skyforge/plugin-skyforge-node';
import { FocusCostSource } from './focus/FocusCostSource';
import { OpenCostSource } from './opencost/OpenCostSource';

/** The cost source types the plugin brings, registered like those of modules. */
export const builtInCostSourceTypes: CostSourceType[] = [
  {
    type: 'focus',
    fromConfig: (config, context) =>
      FocusCostSource.fromConfig(config, context),
  },
  { type: 'opencost', fromConfig: config => OpenCostSource.fromConfig(config) },
];
