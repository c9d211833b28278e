import { attr, comment, expr, resource, type HclBody } from '../../hcl/hcl';
import {
  ALERT_MINUTES,
  ERROR_RATE_PERCENT,
  SATURATION_PERCENT,
} from '../../monitoring/serverlessAlerts';
import type { FileTree } from '../../types';
import { moduleFiles } from '../common/moduleFiles';
import { terraformOutput } from '../common/terraformOutput';
import { terraformVariable } from '../common/terraformVariable';
import { gcpModuleBaseVariables } from './gcpModuleBase';
import {
  gcpAlertChannels,
  gcpDatabaseAlertPolicies,
  gcpDatabaseInstanceVariable,
  gcpPromqlAlertPolicies,
} from './gcpAlertPolicies';

/** The capability (module folder) of serverless monitoring, as on AWS. */
export const GCP_SERVERLESS_MONITORING_CAPABILITY = 'serverless-monitoring';

/** The series of the service, as Cloud Monitoring's PromQL names Cloud Run's system metrics. */
const SERVICE =
  'monitored_resource="cloud_run_revision",service_name="${var.service_name}"';

/** `histogram_quantile` of a Cloud Run distribution metric over five minutes. */
function quantile(metric: string, q: number): string {
  return `histogram_quantile(${q}, sum by (le) (rate(run_googleapis_com:${metric}_bucket{${SERVICE}}[5m])))`;
}

/**
 * The alert conditions of the Cloud Run service (PromQL over Cloud Run's built-in metrics in
 * Cloud Monitoring): name => query, duration and summary. The thresholds and durations are those
 * of the AWS alarms (monitoring/serverlessAlerts.ts).
 */
export const GCP_SERVERLESS_ALERTS: Record<
  string,
  { query: string; minutes: number; summary: string }
> = {
  ServiceErrors: {
    query: `sum(rate(run_googleapis_com:request_count{${SERVICE},response_code_class="5xx"}[5m])) / sum(rate(run_googleapis_com:request_count{${SERVICE}}[5m])) > ${
      ERROR_RATE_PERCENT / 100
    }`,
    minutes: ALERT_MINUTES.errors,
    summary: `More than ${ERROR_RATE_PERCENT} % of the requests answered 5xx.`,
  },
  ServiceLatencyP95: {
    query: `${quantile('request_latencies', 0.95)} > \${var.latency_p95_ms}`,
    minutes: ALERT_MINUTES.latency,
    summary: 'Response time p95 above the alert threshold.',
  },
  ServiceLatencyP99: {
    query: `${quantile('request_latencies', 0.99)} > \${var.latency_p99_ms}`,
    minutes: ALERT_MINUTES.latency,
    summary: 'Response time p99 above the alert threshold.',
  },
  ServiceCpu: {
    query: `${quantile('container_cpu_utilizations', 0.5)} > ${
      SATURATION_PERCENT / 100
    }`,
    minutes: ALERT_MINUTES.saturation,
    summary: `Median CPU utilisation of the instances above ${SATURATION_PERCENT} %.`,
  },
  ServiceMemory: {
    query: `${quantile('container_memory_utilizations', 0.5)} > ${
      SATURATION_PERCENT / 100
    }`,
    minutes: ALERT_MINUTES.saturation,
    summary: `Median memory utilisation of the instances above ${SATURATION_PERCENT} %.`,
  },
  ServiceAtMaxInstances: {
    query: `sum(run_googleapis_com:container_instance_count{${SERVICE}}) >= \${var.max_instances}`,
    minutes: ALERT_MINUTES.capacity,
    summary:
      'The service runs its maximum number of instances: requests queue or fail with 429 once concurrency is reached too.',
  },
};

function variables(): HclBody {
  return [
    gcpModuleBaseVariables({ region: false }),
    terraformVariable({
      name: 'service_name',
      type: 'string',
      description: 'Cloud Run service the alert policies and dashboard watch.',
    }),
    terraformVariable({
      name: 'max_instances',
      type: 'number',
      description:
        'Most instances the service scales to (the at-capacity alert compares with it).',
    }),
    terraformVariable({
      name: 'latency_p95_ms',
      type: 'number',
      description:
        'Response time p95 above which the latency alert fires (ms).',
    }),
    terraformVariable({
      name: 'latency_p99_ms',
      type: 'number',
      description:
        'Response time p99 above which the latency alert fires (ms).',
    }),
    terraformVariable({
      name: 'alert_email',
      type: 'string',
      description: 'Email address that receives every alert; null for none.',
      default: expr('null'),
    }),
    gcpDatabaseInstanceVariable(),
    terraformVariable({
      name: 'notification_channels',
      type: 'list(string)',
      description:
        'IDs of existing notification channels (projects/<project>/notificationChannels/<id>) to alert as well.',
      default: [],
    }),
  ];
}

function hclString(text: string): string {
  return JSON.stringify(text);
}

function alertPolicies(): HclBody {
  const width = Math.max(
    ...Object.keys(GCP_SERVERLESS_ALERTS).map(name => name.length),
  );
  const alerts = Object.entries(GCP_SERVERLESS_ALERTS)
    .map(
      ([name, alert]) =>
        `    ${name.padEnd(width)} = { query = ${hclString(
          alert.query,
        )}, duration = "${alert.minutes * 60}s", summary = ${hclString(
          alert.summary,
        )} }`,
    )
    .join('\n');
  return [
    gcpAlertChannels([attr('service_alerts', expr(`{\n${alerts}\n  }`))]),
    comment(
      [
        'Cloud Run reports its request, latency, instance and utilisation metrics to Cloud Monitoring by',
        'itself (no agent, no charge); these policies read them with PromQL and mail the alert email.',
      ].join('\n'),
    ),
    gcpPromqlAlertPolicies({
      id: 'service',
      forEach: 'local.service_alerts',
      severity: 'WARNING',
      documentation:
        '"${each.value.summary} Cloud Run service ${var.service_name}: see its logs in Cloud Logging."',
    }),
    comment(
      "The stack's Cloud SQL instance, with the same policies as on GKE (none without a database).",
    ),
    gcpDatabaseAlertPolicies(),
  ];
}

/** One chart of the dashboard: a PromQL query over the service's metrics. */
function tile(
  title: string,
  query: string,
  position: { x: number; y: number },
): string {
  return `{ xPos = ${position.x}, yPos = ${
    position.y
  }, width = 24, height = 16, widget = { title = ${hclString(
    title,
  )}, xyChart = { dataSets = [{ plotType = "LINE", timeSeriesQuery = { prometheusQuery = ${hclString(
    query,
  )} } }] } } }`;
}

function dashboard(): HclBody {
  const tiles = [
    tile(
      'Requests per second by response class',
      `sum by (response_code_class) (rate(run_googleapis_com:request_count{${SERVICE}}[5m]))`,
      { x: 0, y: 0 },
    ),
    tile(
      'Response time p50 / p95 / p99 (ms)',
      [0.5, 0.95, 0.99].map(q => quantile('request_latencies', q)).join(' or '),
      { x: 24, y: 0 },
    ),
    tile(
      'CPU and memory utilisation (median)',
      `${quantile('container_cpu_utilizations', 0.5)} or ${quantile(
        'container_memory_utilizations',
        0.5,
      )}`,
      { x: 0, y: 16 },
    ),
    tile(
      'Instances by state',
      `sum by (state) (run_googleapis_com:container_instance_count{${SERVICE}})`,
      { x: 24, y: 16 },
    ),
  ];
  return [
    resource('google_monitoring_dashboard', 'service', [
      attr('project', expr('var.project_id')),
      attr(
        'dashboard_json',
        expr(
          `jsonencode({\n    displayName = "\${var.name}"\n    mosaicLayout = {\n      columns = 48\n      tiles = [\n${tiles
            .map(text => `        ${text},`)
            .join('\n')}\n      ]\n    }\n  })`,
        ),
      ),
    ]),
  ];
}

const outputs: HclBody = [
  terraformOutput({
    name: 'alert_policy_ids',
    description: 'IDs of the alert policies of the service and the database.',
    value:
      'concat([for policy in google_monitoring_alert_policy.service : policy.name], [for policy in google_monitoring_alert_policy.database : policy.name])',
  }),
  terraformOutput({
    name: 'dashboard_id',
    description: 'ID of the Cloud Monitoring dashboard of the service.',
    value: 'google_monitoring_dashboard.service.id',
  }),
];

/**
 * Monitoring of a serverless environment on GCP, `infra/modules/serverless-monitoring/gcp`:
 * Cloud Monitoring alert policies on the Cloud Run service's built-in metrics (5xx ratio, p95
 * and p99 latency, CPU and memory utilisation, instances at the maximum) and on the stack's Cloud
 * SQL instance (as on GKE), an email notification channel and a dashboard. Kubernetes environments use the `monitoring` module instead.
 */
export function gcpServerlessMonitoringModule(): FileTree {
  return moduleFiles({
    cloud: 'gcp',
    capability: GCP_SERVERLESS_MONITORING_CAPABILITY,
    variables: variables(),
    main: [alertPolicies(), dashboard()],
    outputs,
  });
}
