import { monitoringCostLines } from '../../../cost/monitoringCostLines';
import type { ServiceCost } from '../../../cost/serviceCost';
import { appAlertRules } from '../../../monitoring/appAlertRules';
import { GCP_DATABASE_ALERTS } from '../gcpAlertPolicies';
import { gcpAlertConditionLines } from '../gcpAlertConditionLines';
import { attr, expr } from '../../../hcl/hcl';
import {
  alertEmailRootVariable,
  appMonitoringArguments,
} from '../../common/appMonitoringVariables';
import { terraformOutput } from '../../common/terraformOutput';
import { variableRef, type RootVariable } from '../../common/rootVariable';
import { gcpModuleBaseArguments } from '../gcpModuleBase';
import { gcpMonitoringModule } from '../gcpMonitoringModule';
import type { GcpEnvironment, GcpService } from '../gcpService';
import { runsKubernetes } from '../../../spec/computeTarget';
import type { ServiceRoot } from '../../common/environmentRoot';
import { gcpServerlessMonitoringModule } from '../gcpServerlessMonitoringModule';
import {
  gcpServerlessMonitoringCost,
  gcpServerlessMonitoringRoot,
} from '../gcpServerlessMonitoring';

/** Existing Cloud Monitoring notification channels that receive the alerts as well. */
const NOTIFICATION_CHANNELS: RootVariable = {
  name: 'alert_notification_channels',
  type: 'list(string)',
  description:
    'IDs of existing Cloud Monitoring notification channels that receive alerts.',
  default: [],
  validations: [
    {
      condition:
        'alltrue([for channel in var.alert_notification_channels : can(regex("^projects/[^/]+/notificationChannels/[^/]+$", channel))])',
      message:
        'alert_notification_channels must be IDs of the form projects/<project>/notificationChannels/<id>.',
    },
  ],
};

function kubernetesRoot({ spec }: GcpEnvironment): ServiceRoot {
  const channels = NOTIFICATION_CHANNELS;
  return {
    variables: [channels, alertEmailRootVariable(spec)],
    arguments: [
      gcpModuleBaseArguments({ region: false }),
      attr('cluster_name', expr('module.cluster.cluster_name')),
      appMonitoringArguments(spec),
      attr('notification_channels', variableRef(channels)),
      spec.spec.services.postgres &&
        attr('database_instance', expr('module.database.instance_name')),
    ],
    outputs: [
      terraformOutput({
        name: 'monitoring_dashboard_id',
        description:
          'Cloud Monitoring dashboard of the application (Monitoring > Dashboards).',
        value: 'module.monitoring.dashboard_id',
      }),
    ],
  };
}

/**
 * The alert policies of the GKE monitoring module: one per rule of the shared alert rules (the
 * module reads them from alert-rules.yaml.tftpl, rendered from the same list), and the Cloud SQL
 * alerts with a database.
 */
const GKE_ALERT_RULES = appAlertRules(
  { namespace: '', deployment: '' },
  'gke',
).length;

/**
 * What monitoring costs in a GKE environment: the lines of every cloud, and the alert policies'
 * conditions and evaluations at the rate the Cloud Run environments pay.
 */
const gkeMonitoringCost: ServiceCost = {
  lines: (plan, spec) => {
    const database = spec.spec.services.postgres;
    return [
      ...monitoringCostLines(plan),
      ...gcpAlertConditionLines({
        watched: `the application and cluster${
          database ? ' and the Cloud SQL instance' : ''
        }`,
        conditions:
          GKE_ALERT_RULES +
          (database ? Object.keys(GCP_DATABASE_ALERTS).length : 0),
      }),
    ];
  },
};

/**
 * Monitoring on GCP. Kubernetes environments: PromQL alert policies and the application dashboard
 * in Cloud Monitoring, and control plane and kube-state metrics from the cluster for Managed
 * Prometheus. Serverless environments: alert policies and a dashboard on the Cloud Run service's
 * built-in metrics (gcpServerlessMonitoring.ts).
 */
export const gcpMonitoring: GcpService = {
  id: 'monitoring',
  module: computes => ({
    ...(computes.kubernetes ? gcpMonitoringModule() : {}),
    ...(computes.serverless ? gcpServerlessMonitoringModule() : {}),
  }),
  cost: {
    lines: (plan, spec) =>
      runsKubernetes(plan)
        ? gkeMonitoringCost.lines(plan, spec)
        : gcpServerlessMonitoringCost.lines(plan, spec),
  },
  root: environment =>
    runsKubernetes(environment.resolved)
      ? kubernetesRoot(environment)
      : gcpServerlessMonitoringRoot(environment, NOTIFICATION_CHANNELS),
  ciRoles: [
    'roles/monitoring.alertPolicyEditor',
    'roles/monitoring.notificationChannelEditor',
    'roles/monitoring.dashboardEditor',
  ],
  clusterMonitoringComponents: [
    'SYSTEM_COMPONENTS',
    'APISERVER',
    'SCHEDULER',
    'CONTROLLER_MANAGER',
    'STORAGE',
    'POD',
    'DEPLOYMENT',
    'STATEFULSET',
    'DAEMONSET',
    'HPA',
  ],
};
