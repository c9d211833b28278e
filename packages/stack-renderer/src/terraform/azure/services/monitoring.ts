import { monitoringCostLines } from '../../../cost/monitoringCostLines';
import { attr, expr } from '../../../hcl/hcl';
import { terraformOutput } from '../../common/terraformOutput';
import {
  alertEmailRootVariable,
  appMonitoringArguments,
} from '../../common/appMonitoringVariables';
import { variableRef, type RootVariable } from '../../common/rootVariable';
import { azureMonitoringModule } from '../azureMonitoringModule';
import { runsKubernetes } from '../../../spec/computeTarget';
import {
  azureDatabaseAlertLines,
  azureServerlessMonitoringCost,
  azureServerlessMonitoringRoot,
} from '../azureServerlessMonitoring';
import { azureServerlessMonitoringModule } from '../azureServerlessMonitoringModule';
import { azureGlobalName, type AzureGlobalName } from '../azureResourceNames';
import type { AzureService } from '../azureService';

const GRAFANA_NAME: AzureGlobalName = {
  style: 'prefix',
  kind: 'grafana',
  marker: '',
  maxLength: 23,
};

/**
 * Monitoring on Azure: an Azure Monitor workspace fed by the cluster's managed Prometheus,
 * Managed Grafana and alert rules.
 */
export const azureMonitoring: AzureService = {
  id: 'monitoring',
  module: computes => ({
    ...(computes.kubernetes ? azureMonitoringModule() : {}),
    ...(computes.serverless ? azureServerlessMonitoringModule() : {}),
  }),
  cost: {
    lines: (plan, spec) =>
      runsKubernetes(plan)
        ? [...monitoringCostLines(plan), ...azureDatabaseAlertLines(spec)]
        : azureServerlessMonitoringCost.lines(plan, spec),
  },
  root: context => {
    if (!runsKubernetes(context.resolved))
      return azureServerlessMonitoringRoot(context);
    const { spec, environment } = context;
    const grafanaName: RootVariable = {
      name: 'grafana_name',
      type: 'string',
      description: 'Name of Managed Grafana.',
      value: azureGlobalName({ spec, environment, name: GRAFANA_NAME }),
    };
    return {
      variables: [grafanaName, alertEmailRootVariable(spec)],
      arguments: [
        appMonitoringArguments(spec),
        attr('resource_group_id', expr('data.azurerm_resource_group.this.id')),
        attr('cluster_id', expr('module.cluster.cluster_id')),
        attr('grafana_name', variableRef(grafanaName)),
        attr('zone_redundancy_enabled', expr('var.high_availability')),
        attr('grafana_admin_object_ids', expr('local.admin_group_object_ids')),
        attr(
          'ci_principal_id',
          expr('data.azurerm_user_assigned_identity.deploy.principal_id'),
        ),
        spec.spec.services.postgres &&
          attr('postgres_server_id', expr('module.database.server_id')),
      ],
      outputs: [
        terraformOutput({
          name: 'grafana_endpoint',
          description: 'URL of Managed Grafana.',
          value: 'module.monitoring.grafana_endpoint',
        }),
        terraformOutput({
          name: 'grafana_name',
          description:
            'Name of Managed Grafana, which make grafana-dashboard imports the dashboard into.',
          value: 'module.monitoring.grafana_name',
        }),
        terraformOutput({
          name: 'grafana_dashboard_json',
          description:
            'The application dashboard make grafana-dashboard imports into Managed Grafana (docs/operations.md, Monitoring).',
          value: 'module.monitoring.grafana_dashboard_json',
        }),
      ],
    };
  },
  globalName: GRAFANA_NAME,
  resourceProviders: [
    'Microsoft.AlertsManagement',
    'Microsoft.Dashboard',
    'Microsoft.Monitor',
  ],
  clusterManagedPrometheus: true,
};
