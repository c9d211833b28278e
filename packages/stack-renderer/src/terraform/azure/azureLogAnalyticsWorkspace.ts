import { attr, comment, expr, resource, type HclBody } from '../../hcl/hcl';
import { placement } from './azureHclBlocks';

/**
 * The environment's Log Analytics workspace, the same in both Azure app platforms (the AKS
 * cluster module and the Container Apps module); `holds` says what the platform sends to it.
 */
export function azureLogAnalyticsWorkspace(holds: string): HclBody {
  return [
    comment(`${holds}; retention follows the environment profile.`),
    resource('azurerm_log_analytics_workspace', 'this', [
      attr('name', expr('"${var.name_prefix}-logs"')),
      placement(),
      attr('sku', 'PerGB2018'),
      attr('retention_in_days', expr('var.log_retention_days')),
      attr('tags', expr('var.tags')),
    ]),
  ];
}
