import { CLOUD_PRODUCTS } from '../../cost/cloudProducts';
import { formatQuantity } from '../../cost/formatUsd';
import { regionPrices } from '../../cost/priceLookup';
import type { ServiceCost } from '../../cost/serviceCost';
import { USAGE_ASSUMPTIONS } from '../../cost/usageAssumptions';
import { attr, blank, comment, expr } from '../../hcl/hcl';
import { latencyThresholds } from '../../monitoring/serverlessAlerts';
import { alertEmailRootVariable } from '../common/appMonitoringVariables';
import type { ServiceRoot } from '../common/environmentRoot';
import { variableRef, type RootVariable } from '../common/rootVariable';
import { terraformOutput } from '../common/terraformOutput';
import { gcpModuleBaseArguments } from './gcpModuleBase';
import type { GcpEnvironment } from './gcpService';
import {
  GCP_SERVERLESS_ALERTS,
  GCP_SERVERLESS_MONITORING_CAPABILITY,
} from './gcpServerlessMonitoringModule';
import { GCP_DATABASE_ALERTS } from './gcpAlertPolicies';
import { gcpAlertConditionLines } from './gcpAlertConditionLines';

/** The root's call of the serverless monitoring module: the environment's Cloud Run service. */
export function gcpServerlessMonitoringRoot(
  environment: GcpEnvironment,
  channels: RootVariable,
): ServiceRoot {
  const { spec, resolved } = environment;
  const { p95Ms, p99Ms } = latencyThresholds(resolved.hpa.latencyMs);
  const alertEmail = alertEmailRootVariable(spec);
  return {
    capability: GCP_SERVERLESS_MONITORING_CAPABILITY,
    variables: [channels, alertEmail],
    arguments: [
      gcpModuleBaseArguments({ region: false }),
      attr('service_name', expr('module.serverless.service_name')),
      attr('max_instances', expr('var.app.max_instances')),
      blank(),
      comment('Response time alerts: p95 at this threshold, p99 at twice it.'),
      attr('latency_p95_ms', p95Ms),
      attr('latency_p99_ms', p99Ms),
      attr('alert_email', variableRef(alertEmail)),
      attr('notification_channels', variableRef(channels)),
      spec.spec.services.postgres &&
        attr('database_instance', expr('module.database.instance_name')),
    ],
    outputs: [
      terraformOutput({
        name: 'monitoring_dashboard_id',
        description:
          'Cloud Monitoring dashboard of the Cloud Run service (Monitoring > Dashboards).',
        value: 'module.serverless_monitoring.dashboard_id',
      }),
    ],
  };
}

/**
 * What monitoring costs in a serverless GCP environment. Cloud Run's metrics and the dashboard
 * are free (Cloud Run "Monitoring health and performance": no charge for the metrics of the fully
 * managed Cloud Run); the container logs are billed by Cloud Logging past the 50 GiB per project
 * free allotment, and the alert policies per condition and per series returned.
 */
export const gcpServerlessMonitoringCost: ServiceCost = {
  lines: (plan, spec) => {
    const usage = USAGE_ASSUMPTIONS[plan.environment];
    const database = spec.spec.services.postgres;
    const conditions =
      Object.keys(GCP_SERVERLESS_ALERTS).length +
      (database ? Object.keys(GCP_DATABASE_ALERTS).length : 0);
    return [
      {
        description: `${
          CLOUD_PRODUCTS[plan.cloud].logs
        }: container logs (assumed ${formatQuantity(
          usage.applicationLogGb,
        )} GB; the first 50 GiB of a project are free)`,
        quantity: usage.applicationLogGb,
        unit: 'GB',
        unitPrice: regionPrices(plan).logIngestionPerGb,
      },
      ...gcpAlertConditionLines({
        watched: `the Cloud Run service${
          database ? ' and the Cloud SQL instance' : ''
        }`,
        conditions,
        note: 'the metrics and the dashboard are free',
      }),
    ];
  },
};
