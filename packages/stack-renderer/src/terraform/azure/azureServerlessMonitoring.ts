import { CLOUD_PRODUCTS } from '../../cost/cloudProducts';
import { formatQuantity } from '../../cost/formatUsd';
import { regionPrices } from '../../cost/priceLookup';
import type { ServiceCost, ServiceCostLine } from '../../cost/serviceCost';
import type { StackSpec } from '../../spec/stackSpec';
import { USAGE_ASSUMPTIONS } from '../../cost/usageAssumptions';
import { attr, expr } from '../../hcl/hcl';
import { alertEmailRootVariable } from '../common/appMonitoringVariables';
import type { ServiceRoot } from '../common/environmentRoot';
import { variableRef } from '../common/rootVariable';
import { terraformOutput } from '../common/terraformOutput';
import type { AzureEnvironment } from './azureService';
import {
  AZURE_SERVERLESS_MONITORING_CAPABILITY,
  CONTAINER_APP_ALERTS,
} from './azureServerlessMonitoringModule';
import { AZURE_DATABASE_ALERTS } from './azureDatabaseAlerts';

/**
 * Azure Monitor list price of a metric alert rule watching one time series
 * (https://azure.microsoft.com/pricing/details/monitor/, "Alert rules": $0.10 per monitored
 * metric time series a month).
 */
const METRIC_ALERT_MONTH = 0.1;

/** The root's call of the serverless monitoring module: the environment's container app. */
export function azureServerlessMonitoringRoot(
  environment: AzureEnvironment,
): ServiceRoot {
  const alertEmail = alertEmailRootVariable(environment.spec);
  return {
    capability: AZURE_SERVERLESS_MONITORING_CAPABILITY,
    variables: [alertEmail],
    arguments: [
      attr('container_app_id', expr('module.serverless.container_app_id')),
      attr('max_replicas', expr('var.app.max_replicas')),
      attr('alert_email', variableRef(alertEmail)),
      environment.spec.spec.services.postgres &&
        attr('postgres_server_id', expr('module.database.server_id')),
    ],
    outputs: [
      terraformOutput({
        name: 'alerts_action_group_id',
        description: 'Action group the container app alerts notify.',
        value: 'module.serverless_monitoring.action_group_id',
      }),
    ],
  };
}

/**
 * The metric alert rules on the stack's PostgreSQL flexible server (rendered into the monitoring
 * module of Container Apps and AKS alike, azureDatabaseAlerts.ts): none without a database.
 */
export function azureDatabaseAlertLines(spec: StackSpec): ServiceCostLine[] {
  if (!spec.spec.services.postgres) return [];
  return [
    {
      description: `Azure Monitor metric alert rules on the PostgreSQL server (${AZURE_DATABASE_ALERTS.length}, one series each)`,
      quantity: AZURE_DATABASE_ALERTS.length,
      unit: 'rule-month',
      unitPrice: METRIC_ALERT_MONTH,
    },
  ];
}

/**
 * What monitoring costs in a serverless Azure environment: the container logs in Log Analytics
 * and one metric alert rule per alert (each watches one series), on the container app and, with a
 * database, on its PostgreSQL server. The platform metrics themselves are free.
 */
export const azureServerlessMonitoringCost: ServiceCost = {
  lines: (plan, spec) => {
    const usage = USAGE_ASSUMPTIONS[plan.environment];
    return [
      {
        description: `${
          CLOUD_PRODUCTS[plan.cloud].logs
        }: container logs (assumed ${formatQuantity(
          usage.applicationLogGb,
        )} GB)`,
        quantity: usage.applicationLogGb,
        unit: 'GB',
        unitPrice: regionPrices({ cloud: plan.cloud, region: plan.region })
          .logIngestionPerGb,
      },
      {
        description: `Azure Monitor metric alert rules on the container app (${CONTAINER_APP_ALERTS.length}, one series each)`,
        quantity: CONTAINER_APP_ALERTS.length,
        unit: 'rule-month',
        unitPrice: METRIC_ALERT_MONTH,
      },
      ...azureDatabaseAlertLines(spec),
    ];
  },
};
