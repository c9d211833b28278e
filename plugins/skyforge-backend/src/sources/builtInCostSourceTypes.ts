import type { CostSourceType } from '@skyforge/plugin-skyforge-node';
import { AwsCostExplorerSource } from './billingApis/AwsCostExplorerSource';
import { AzureCostManagementSource } from './billingApis/AzureCostManagementSource';
import { BigQueryFocusSource } from './billingApis/BigQueryFocusSource';
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
  {
    type: 'bigquery',
    fromConfig: config => BigQueryFocusSource.fromConfig(config),
  },
  {
    type: 'aws-cost-explorer',
    fromConfig: config => AwsCostExplorerSource.fromConfig(config),
  },
  {
    type: 'azure-cost-management',
    fromConfig: config => AzureCostManagementSource.fromConfig(config),
  },
];
